import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
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
