export { hardeningApiRef } from './HardeningApi';
export type { HardeningApi } from './HardeningApi';
export { HardeningClient } from './HardeningClient';
