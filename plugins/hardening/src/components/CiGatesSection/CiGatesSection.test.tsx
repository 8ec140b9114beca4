import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { storedReport } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { CiGatesSection } from './CiGatesSection';

const server = setupServer();
registerMswTestHooks(server);

describe('CiGatesSection', () => {
  it('shows the required gates against the latest gates report', async () => {
    const report = storedReport('ci-gates', {
      gates: [
        { name: 'lint', status: 'passed' },
        { name: 'e2e', status: 'failed', notes: '2 specs failed' },
      ],
    });
    server.use(
      http.get(`${entityUrl()}/required-gates`, () =>
        HttpResponse.json({
          required: ['lint', 'build'],
          latestReportId: report.id,
          passing: false,
          gates: [
            { name: 'lint', status: 'passed', passing: true },
            { name: 'build', status: 'missing', passing: false },
          ],
        }),
      ),
      http.get(`${entityUrl()}/ci-gates`, () =>
        HttpResponse.json({ items: [report] }),
      ),
    );
    await renderWithEntity(<CiGatesSection />);

    expect(
      await screen.findByText('Required gates not all passing'),
    ).toBeInTheDocument();
    expect(screen.getByText('build').closest('tr')).toHaveTextContent(
      'no result (counts as failing)',
    );
    expect(screen.getByText('e2e').closest('tr')).toHaveTextContent(
      'failed2 specs failed',
    );
  });

  it('names who uploaded the newest gates report beside its run, and nobody for a report stored before uploaders were recorded', async () => {
    const byCi = storedReport(
      'ci-gates',
      { gates: [{ name: 'lint', status: 'passed' }] },
      {
        context: {
          commit: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
          branch: 'main',
          runUrl:
            'https://github.com/northwind-freight/payments-api/actions/runs/9802816352',
          tags: [],
        },
        uploader: {
          type: 'ci-token',
          issuer: 'https://token.actions.githubusercontent.com',
          repository: 'northwind-freight/payments-api',
          ref: 'refs/heads/main',
          workflow:
            'northwind-freight/payments-api/.github/workflows/ci.yml@refs/heads/main',
          event: 'push',
        },
      },
    );
    let latest = byCi;
    server.use(
      http.get(`${entityUrl()}/required-gates`, () =>
        HttpResponse.json({
          required: ['lint'],
          latestReportId: latest.id,
          passing: true,
          gates: [{ name: 'lint', status: 'passed', passing: true }],
        }),
      ),
      http.get(`${entityUrl()}/ci-gates`, () =>
        HttpResponse.json({ items: [latest] }),
      ),
    );
    const { unmount } = await renderWithEntity(<CiGatesSection />);
    const context = await screen.findByTitle(/^digest /);
    expect(context).toHaveTextContent(
      /commit 0f1e2d3c4b5a · branch main · by CI northwind-freight\/payments-api \(ci.yml, push\) · CI run/,
    );
    expect(
      within(context).getByRole('link', { name: /^CI run/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/northwind-freight/payments-api/actions/runs/9802816352',
    );
    unmount();

    const { uploader: _none, ...stored } = byCi;
    latest = stored;
    await renderWithEntity(<CiGatesSection />);
    const older = await screen.findByTitle(/^digest /);
    expect(older).toHaveTextContent(/commit 0f1e2d3c4b5a/);
    expect(older).not.toHaveTextContent(/ by /);
  });

  it('tells an owner how to set required gates when there are none', async () => {
    server.use(
      http.get(`${entityUrl()}/required-gates`, () =>
        HttpResponse.json({
          required: [],
          latestReportId: null,
          passing: true,
          gates: [],
        }),
      ),
      http.get(`${entityUrl()}/ci-gates`, () =>
        HttpResponse.json({
          items: [
            storedReport('ci-gates', {
              gates: [{ name: 'lint', status: 'passed' }],
            }),
          ],
        }),
      ),
    );
    await renderWithEntity(<CiGatesSection />);
    expect(
      await screen.findByLabelText('Set required gates command'),
    ).toHaveTextContent('-X PUT');
  });
});
