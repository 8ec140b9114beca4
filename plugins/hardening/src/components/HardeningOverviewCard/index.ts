export { HardeningOverviewCard } from './HardeningOverviewCard';
