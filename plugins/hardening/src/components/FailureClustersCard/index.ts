export { FailureClustersCard } from './FailureClustersCard';
