export { AuditChainSection } from './AuditChainSection';
