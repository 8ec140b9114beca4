export { AsyncContent } from './AsyncContent';
export type { LoadState } from './AsyncContent';
