export { ValidationSection } from './ValidationSection';
