export { ReportContext } from './ReportContext';
