export { useEntityCompoundRef } from './useEntityCompoundRef';
export { useHardeningData } from './useHardeningData';
export { useMilestonesSignal } from './useMilestonesSignal';
export { useCanManageMilestones } from './useCanManageMilestones';
