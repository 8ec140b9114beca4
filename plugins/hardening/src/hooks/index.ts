export { useEntityCompoundRef } from './useEntityCompoundRef';
export { useHardeningData } from './useHardeningData';
