/**
 * Scaffolder actions of the Hardening suite.
 *
 * @packageDocumentation
 */

export { scaffolderModuleHardening as default } from './module';
export { createMilestoneAction } from './actions/createMilestoneAction';
export { seedContractAction } from './actions/seedContractAction';
export { publishLocalAction } from './actions/publishLocalAction';
export { createHardeningApi } from './actions/hardeningApi';
export type { HardeningApi } from './actions/hardeningApi';
