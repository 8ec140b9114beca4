/**
 * Hardening frontend plugin: freeze status, evidence and release chains on entity pages.
 *
 * @packageDocumentation
 */
export { hardeningPlugin as default } from './plugin';
export * from './api';
export {
  legacyHardeningPlugin,
  EntityHardeningContent,
  EntityHardeningCard,
  EntityHardeningTriageContent,
  EntityHardeningRunbooksContent,
} from './legacy';
