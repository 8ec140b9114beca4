import { version } from '../package.json';

/** The CLI's version, from its package.json. */
export const CLI_VERSION: string = version;
