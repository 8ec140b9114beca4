import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMilestoneAction } from './actions/createMilestoneAction';
import { createHardeningApi } from './actions/hardeningApi';
import { publishLocalAction } from './actions/publishLocalAction';
import { seedContractAction } from './actions/seedContractAction';

/**
 * The Hardening scaffolder actions: `hardening:milestone:create`,
 * `hardening:contract:seed` and `hardening:publish:local`.
 *
 * @public
 */
export const scaffolderModuleHardening = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'hardening',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, auth, discovery, config }) {
        const api = createHardeningApi({ auth, discovery });
        scaffolder.addActions(
          createMilestoneAction({ api }),
          seedContractAction(),
          publishLocalAction({
            outputDir:
              config.getOptionalString('hardening.scaffolder.localOutputDir') ??
              join(tmpdir(), 'hardening-scaffolder'),
          }),
        );
      },
    });
  },
});
