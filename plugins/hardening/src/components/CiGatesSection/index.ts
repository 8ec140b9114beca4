export { CiGatesSection } from './CiGatesSection';
