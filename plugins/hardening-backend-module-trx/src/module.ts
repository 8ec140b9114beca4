import { createBackendModule } from '@backstage/backend-plugin-api';
import { hardeningTestReportFormatsExtensionPoint } from '@hardening/backstage-plugin-hardening-node';
import { trxFormat } from './trxFormat';

/**
 * Adds the TRX test-report format (Visual Studio / `dotnet test`) to the Hardening
 * backend.
 *
 * @public
 */
export const hardeningModuleTrx = createBackendModule({
  pluginId: 'hardening',
  moduleId: 'trx',
  register(env) {
    env.registerInit({
      deps: { formats: hardeningTestReportFormatsExtensionPoint },
      async init({ formats }) {
        formats.addTestReportFormat(trxFormat);
      },
    });
  },
});
