import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';

// Runs the Hardening backend plugin alone on http://localhost:7007 with an in-memory
// SQLite database and mocked auth, for working on the plugin in isolation:
//
//   yarn workspace @hardening/backstage-plugin-hardening-backend start
//   curl http://localhost:7007/api/hardening/health
const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(import('../src'));

backend.start();
