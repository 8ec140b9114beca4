export { TriageEntityContent } from './TriageEntityContent';
export { TriageQueueSection } from './TriageQueueSection';
