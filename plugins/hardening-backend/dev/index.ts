import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

// Runs the Hardening backend plugin alone on http://localhost:7007 with an in-memory
// SQLite database and mocked auth, for working on the plugin in isolation:
//
//   yarn workspace @hardening/backstage-plugin-hardening-backend start
//   curl http://localhost:7007/api/hardening/health
//   curl -X POST -H 'Content-Type: application/xml' --data-binary @report.xml \
//     'http://localhost:7007/api/hardening/entities/component/default/sample/test-reports?commit=abc1234'
const backend = createBackend();

backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'sample', namespace: 'default' },
        spec: {
          type: 'service',
          owner: 'group:default/team-a',
          lifecycle: 'experimental',
        },
      },
    ],
  }),
);
backend.add(import('../src'));

backend.start();
