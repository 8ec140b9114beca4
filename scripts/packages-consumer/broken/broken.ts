// The deliberate type error scripts/test-packages.sh expects `tsc` to report (TS2322 on
// this file), proving that the consumer's check sees the published types: if they fell
// back to `any` (a missing or unresolvable .d.ts), this file would compile.
import type { HardeningHealth } from '@hardening/backstage-plugin-hardening-common';
import { hardeningApiRef } from '@hardening/backstage-plugin-hardening';

export const health: HardeningHealth = {
  status: 'degraded',
  schemaVersion: null,
};
export const id: number = hardeningApiRef.id;
