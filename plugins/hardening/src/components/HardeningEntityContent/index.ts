export { HardeningEntityContent } from './HardeningEntityContent';
