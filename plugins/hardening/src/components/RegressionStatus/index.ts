export { RegressionStatus } from './RegressionStatus';
