export { TestReportsSection } from './TestReportsSection';
