import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { axisTitles } from '../../__testUtils__/charts';
import { MilestoneStatus } from '@hardening/backstage-plugin-hardening-common';
import { screen, within } from '@testing-library/react';
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
import { StressRunsSection } from './StressRunsSection';

const server = setupServer();
registerMswTestHooks(server);

// Each test draws recharts charts: seconds on a busy machine.
jest.setTimeout(30_000);

function serveRuns(...items: ReturnType<typeof stressRun>[]) {
  server.use(
    http.get(`${entityUrl()}/stress-runs`, () => HttpResponse.json({ items })),
  );
}

function milestone(
  id: string,
  p95LimitMs: number,
  errorRateLimit: number,
): MilestoneStatus {
  const status = milestoneStatus(id, 'blocked');
  return {
    ...status,
    milestone: {
      ...status.milestone,
      thresholds: {
        ...status.milestone.thresholds,
        p95LimitMs,
        errorRateLimit,
      },
    },
  };
}

const chart = (name: string) => screen.getByRole('figure', { name });

describe('StressRunsSection charts', () => {
  it("draw each milestone's limits, one labelled line for equal limits", async () => {
    serveRuns(
      stressRun(640, 3, { receivedAt: T1 }),
      stressRun(420, 0, { receivedAt: T0 }),
    );
    await renderWithEntity(
      <StressRunsSection
        milestoneLimits={{
          p95Ms: 100,
          errorRate: 0.001,
          source: 'milestone M3.4',
        }}
        milestones={[
          milestone('M3.4', 100, 0.001),
          milestone('M3.2', 400, 0.001),
          milestone('M3.3.1', 300, 0.001),
        ]}
      />,
    );

    const p95 = await screen.findByRole('figure', {
      name: 'p95 latency per run',
    });
    expect(within(p95).getByText('M3.2 p95 ≤ 400 ms')).toBeInTheDocument();
    expect(within(p95).getByText('M3.3.1 p95 ≤ 300 ms')).toBeInTheDocument();
    expect(within(p95).getByText('M3.4 p95 ≤ 100 ms')).toBeInTheDocument();
    expect(
      within(chart('Error rate per run')).getByText(
        'M3.2, M3.3.1, M3.4 error rate ≤ 0.1%',
      ),
    ).toBeInTheDocument();
    expect(axisTitles(p95)).toEqual(['Run started', 'p95 (ms)']);
    expect(axisTitles(chart('Error rate per run'))).toEqual([
      'Run started',
      'Error rate (%)',
    ]);
  });

  it('label the limits of the newest run when the entity has no milestone', async () => {
    serveRuns(
      stressRun(640, 3, { receivedAt: T1 }),
      stressRun(420, 0, { receivedAt: T0 }),
    );
    await renderWithEntity(<StressRunsSection />);

    const p95 = await screen.findByRole('figure', {
      name: 'p95 latency per run',
    });
    expect(
      within(p95).getByText('Newest run p95 ≤ 500 ms'),
    ).toBeInTheDocument();
  });

  it('say "No trend yet" for a single run instead of drawing a dot', async () => {
    serveRuns(stressRun(640, 3, { receivedAt: T1 }));
    await renderWithEntity(<StressRunsSection />);

    const p95 = await screen.findByRole('figure', {
      name: 'p95 latency per run',
    });
    expect(p95).toHaveTextContent('No trend yet: one run so far (640 ms,');
    expect(chart('Error rate per run')).toHaveTextContent(
      'No trend yet: one run so far (0.3%,',
    );
    expect(p95.querySelector('svg.recharts-surface')).toBeNull();
  });
});
