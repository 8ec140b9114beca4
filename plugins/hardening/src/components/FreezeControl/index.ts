export { FreezeControl } from './FreezeControl';
