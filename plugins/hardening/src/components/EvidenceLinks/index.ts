export { EvidenceLinks } from './EvidenceLinks';
