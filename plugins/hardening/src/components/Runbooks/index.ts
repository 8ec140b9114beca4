export { RunbooksEntityContent } from './RunbooksEntityContent';
export { RunbooksSection } from './RunbooksSection';
