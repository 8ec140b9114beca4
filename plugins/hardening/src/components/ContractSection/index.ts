export { ContractSection } from './ContractSection';
