import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { stressRun, T0, T1 } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { StressRunsSection } from './StressRunsSection';

const server = setupServer();
registerMswTestHooks(server);

function runs() {
  server.use(
    http.get(`${entityUrl()}/stress-runs`, () =>
      HttpResponse.json({
        items: [
          stressRun(640, 3, { receivedAt: T1 }),
          stressRun(420, 0, { receivedAt: T0 }),
        ],
      }),
    ),
  );
}

describe('StressRunsSection', () => {
  it('charts p95 and error rate against the milestone limits', async () => {
    runs();
    await renderWithEntity(
      <StressRunsSection
        milestoneLimits={{ p95Ms: 500, errorRate: 0, source: 'milestone M1' }}
      />,
    );

    expect(
      await screen.findByRole('figure', { name: 'p95 latency per run' }),
    ).toHaveTextContent(
      'Worst p95 of the happy and read phases of the last 2 runs; 1 above the limit of 500 ms set by milestone M1.',
    );
    expect(
      screen.getByRole('figure', { name: 'Error rate per run' }),
    ).toHaveTextContent(
      'Worst error rate of the happy and read phases of the last 2 runs; 1 above the limit of 0% set by milestone M1.',
    );
    expect(screen.getByText('Milestone M1 p95 ≤ 500 ms')).toBeInTheDocument();
  });

  it('uses the newest run thresholds without a milestone, and shows its failing rules', async () => {
    runs();
    await renderWithEntity(<StressRunsSection />);

    expect(
      await screen.findByText(
        /Latest run \(share-pack\) outside its thresholds/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'Failing stress rules' }),
    ).toHaveTextContent('phase "write" had 3 failed requests');
    expect(
      screen.getByRole('figure', { name: 'Error rate per run' }),
    ).toHaveTextContent('above the limit of 1% set by the newest run');
    expect(screen.getByText('forged tokens').closest('tr')).toHaveTextContent(
      'negative1000',
    );
  });
});
