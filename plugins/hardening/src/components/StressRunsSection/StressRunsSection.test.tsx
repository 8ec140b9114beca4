import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  milestoneStatus,
  stressRun,
  T0,
  T1,
} from '../../__testUtils__/fixtures';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { listItemTexts } from '../../__testUtils__/tables';
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
  it("gives the run's own verdict and each milestone's against its own limit", async () => {
    server.use(
      http.get(`${entityUrl()}/stress-runs`, () =>
        HttpResponse.json({ items: [stressRun(256, 0, { receivedAt: T1 })] }),
      ),
    );
    const strict = milestoneStatus('M3.4', 'blocked');
    strict.milestone.thresholds.p95LimitMs = 100;
    const loose = milestoneStatus('M3.3.1', 'ready');
    loose.milestone.thresholds.p95LimitMs = 300;
    await renderWithEntity(<StressRunsSection milestones={[strict, loose]} />);

    // Green against the run's own 500 ms, and says so: not a verdict for the milestones.
    const heading = await screen.findByRole('heading', {
      name: "Latest run (share-pack): within the run's own thresholds (p95 below 500 ms, error rate below 1%)",
    });
    expect(heading.querySelector('[data-status]')).toHaveAttribute(
      'data-status',
      'ok',
    );
    expect(listItemTexts("Latest run against each milestone's limits")).toEqual(
      [
        'M3.4: fails, p95 256 ms against its limit of 100 ms',
        'M3.3.1: passes, p95 256 ms within its limit of 300 ms',
      ],
    );
  });

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
      await screen.findByRole('heading', {
        name: "Latest run (share-pack): outside the run's own thresholds (p95 below 500 ms, error rate below 1%)",
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('list', {
        name: "Failing rules of the run's own thresholds",
      }),
    ).toHaveTextContent('phase "write" had 3 failed requests');
    // Without milestones there is no milestone verdict to give.
    expect(
      screen.queryByRole('list', {
        name: "Latest run against each milestone's limits",
      }),
    ).toBeNull();
    expect(
      screen.getByRole('figure', { name: 'Error rate per run' }),
    ).toHaveTextContent('above the limit of 1% set by the newest run');
    expect(screen.getByText('forged tokens').closest('tr')).toHaveTextContent(
      'negative1000',
    );
  });
});
