export { FilterSelect } from './FilterSelect';
export type { FilterOption } from './FilterSelect';
