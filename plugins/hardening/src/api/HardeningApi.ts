import { createApiRef } from '@backstage/frontend-plugin-api';
import { HardeningHealth } from '@hardening/backstage-plugin-hardening-common';

/**
 * Typed access to the Hardening backend.
 *
 * @public
 */
export interface HardeningApi {
  getHealth(): Promise<HardeningHealth>;
}

/** @public */
export const hardeningApiRef = createApiRef<HardeningApi>({
  id: 'plugin.hardening.api',
});
