import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { storedReport, T0 } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { ValidationSection } from './ValidationSection';

const server = setupServer();
registerMswTestHooks(server);

describe('ValidationSection', () => {
  it('shows each metric of the newest validation report', async () => {
    server.use(
      http.get(`${entityUrl()}/validation-reports`, () =>
        HttpResponse.json({
          items: [
            storedReport('validation', {
              report: {
                environment: 'production',
                release: 'v2.4.0',
                checkedAt: T0,
                metrics: [],
              },
              evaluation: {
                passing: false,
                metrics: [
                  {
                    id: 'tenant-isolation',
                    required: true,
                    status: 'pass',
                    passing: true,
                    message: 'passed',
                  },
                  {
                    id: 'rbac',
                    required: true,
                    status: 'fail',
                    passing: false,
                    message: 'failed: viewer could delete',
                  },
                  {
                    id: 'rollback',
                    required: true,
                    status: 'missing',
                    passing: false,
                    message:
                      'required metric "rollback" is missing from the report',
                  },
                ],
              },
            }),
          ],
        }),
      ),
    );
    await renderWithEntity(<ValidationSection />);

    expect(
      await screen.findByText('production v2.4.0: 2 metric(s) not passing'),
    ).toBeInTheDocument();
    expect(screen.getByText('rbac').closest('tr')).toHaveTextContent(
      'failed: viewer could delete',
    );
    expect(screen.getByText('rollback').closest('tr')).toHaveTextContent(
      'missing',
    );
  });

  it('names the service that uploaded the newest report', async () => {
    server.use(
      http.get(`${entityUrl()}/validation-reports`, () =>
        HttpResponse.json({
          items: [
            storedReport(
              'validation',
              {
                report: {
                  environment: 'production',
                  release: 'v2.4.0',
                  checkedAt: T0,
                  metrics: [],
                },
                evaluation: { passing: true, metrics: [] },
              },
              { uploader: { type: 'service', subject: 'ci-evidence-upload' } },
            ),
          ],
        }),
      ),
    );
    await renderWithEntity(<ValidationSection />);
    expect(
      await screen.findByText(/by service ci-evidence-upload/),
    ).toHaveTextContent('commit abcdef123456 · branch main');
  });
});
