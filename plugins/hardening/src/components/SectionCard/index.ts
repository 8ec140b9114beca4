export { SectionCard, sectionAnchor } from './SectionCard';
export type { SectionId } from './SectionCard';
