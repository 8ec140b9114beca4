export { AsyncContent } from './AsyncContent';
export type { LoadState, SectionLoad } from './sectionLoad';
export { sectionLoadOf } from './sectionLoad';
export { SectionLoadProvider, useSectionLoads } from './SectionLoadContext';
export type { SectionLoads } from './SectionLoadContext';
