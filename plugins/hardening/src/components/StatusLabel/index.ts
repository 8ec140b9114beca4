export { StatusLabel, passFail } from './StatusLabel';
export type { StatusKind } from './StatusLabel';
