import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { freezeClock } from '../../__testUtils__/clock';
import { listItemNames } from '../../__testUtils__/lists';
import { milestoneStatus, T0, T1 } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { HardeningOverviewCard } from './HardeningOverviewCard';

const server = setupServer();
registerMswTestHooks(server);
freezeClock();

function milestones(items: unknown[]) {
  server.use(
    http.get(`${entityUrl()}/milestones`, () => HttpResponse.json({ items })),
  );
}

describe('HardeningOverviewCard', () => {
  it.each([
    ['ready', 'Ready to freeze'],
    ['blocked', 'Blocked'],
    ['frozen', 'Frozen'],
    ['regressed', 'Regressed'],
  ] as const)('shows a %s milestone with its badge', async (state, label) => {
    milestones([milestoneStatus('M1', state)]);
    await renderWithEntity(<HardeningOverviewCard />);

    const badge = await screen.findByRole('status', {
      name: `M1 freeze status: ${label}`,
    });
    expect(badge).toHaveTextContent(label);
    expect(badge).toHaveAttribute('data-state', state);
    expect(screen.getByText('M1 · Milestone M1')).toBeInTheDocument();
  });

  it('lists the failing checklist items with their reasons and links to the tab', async () => {
    milestones([
      milestoneStatus('M1', 'blocked', {
        failing: {
          stress: 'p95 of phase "write" is 640 ms, above the limit of 500 ms',
          tag: 'tag milestone/m1-hardened was not reported',
        },
      }),
    ]);
    await renderWithEntity(<HardeningOverviewCard />);

    const failing = await screen.findByRole('list', {
      name: 'Failing checklist items of M1',
    });
    expect(listItemNames(failing)).toEqual([
      'Stress run within thresholds: failed',
      'Milestone tag reported: failed',
    ]);
    expect(failing).toHaveTextContent(
      'p95 of phase "write" is 640 ms, above the limit of 500 ms',
    );
    expect(failing).toHaveTextContent(
      'tag milestone/m1-hardened was not reported',
    );
    expect(
      within(failing).getByRole('link', { name: /^stress run received/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/hardening#hardening-stress-runs',
    );
    expect(
      screen.getByRole('link', { name: /View hardening evidence/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/hardening',
    );
  });

  it('shows the newest milestone that is not frozen, else the one frozen last', async () => {
    milestones([
      milestoneStatus('M1', 'frozen'),
      milestoneStatus('M2', 'blocked', { createdAt: T0 }),
      milestoneStatus('M3', 'ready', { createdAt: T1 }),
    ]);
    await renderWithEntity(<HardeningOverviewCard />);
    expect(
      await screen.findByRole('status', {
        name: 'M3 freeze status: Ready to freeze',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('All 5 checks pass.')).toBeInTheDocument();
    expect(screen.queryByText(/M1 ·/)).not.toBeInTheDocument();
  });

  it('starts with the verdict line, each part linking to its milestone on the tab', async () => {
    milestones([
      milestoneStatus('M3.2', 'regressed', { createdAt: T0 }),
      milestoneStatus('M3.4', 'blocked', {
        createdAt: T1,
        failing: { stress: 'p95 above the limit', tag: 'not reported' },
      }),
    ]);
    await renderWithEntity(<HardeningOverviewCard />);
    const verdict = await screen.findByRole('status', {
      name: 'Milestone verdict',
    });
    expect(verdict).toHaveTextContent(
      'M3.4 blocked: 2 of 5 checks failing · M3.2 regressed',
    );
    expect(
      within(verdict).getByRole('link', { name: 'M3.2 regressed' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/hardening#hardening-milestone-M3.2',
    );
  });

  it('shows another milestone that regressed after its freeze as a status, like the current one', async () => {
    milestones([
      milestoneStatus('M1', 'regressed'),
      milestoneStatus('M2', 'ready', { createdAt: T1 }),
    ]);
    await renderWithEntity(<HardeningOverviewCard />);
    expect(
      await screen.findByRole('status', {
        name: 'M1 freeze status: Regressed',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('status', { name: 'M2 freeze status: Ready to freeze' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Regressed after its freeze').closest('p'),
    ).toHaveTextContent(
      'Regressed after its freeze yesterday: Stress run within thresholds (p95 above the limit)',
    );
    expect(
      screen.getByRole('list', { name: 'Failing checklist items of M1' }),
    ).toHaveTextContent('Stress run within thresholds — failed');
  });

  it('says what to do when no milestone is defined', async () => {
    milestones([]);
    await renderWithEntity(<HardeningOverviewCard />);
    expect(
      await screen.findByText(
        /No milestones are defined for this component yet/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Hardening tab' })).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/hardening',
    );
  });

  it('shows the error when the milestones cannot be loaded', async () => {
    server.use(
      http.get(`${entityUrl()}/milestones`, () =>
        errorResponse(503, 'database is down'),
      ),
    );
    await renderWithEntity(<HardeningOverviewCard />);
    expect(
      await screen.findByText(/Could not load the milestones/),
    ).toBeInTheDocument();
  });

  it('loads again on Retry after a failure', async () => {
    let up = false;
    server.use(
      http.get(`${entityUrl()}/milestones`, () =>
        up
          ? HttpResponse.json({ items: [milestoneStatus('M1', 'ready')] })
          : errorResponse(503, 'database is down'),
      ),
    );
    await renderWithEntity(<HardeningOverviewCard />);
    await screen.findByText(/Could not load the milestones: database is down/);
    up = true;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('status', {
        name: 'M1 freeze status: Ready to freeze',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Could not load the milestones/),
    ).not.toBeInTheDocument();
  });

  it("reloads when the backend signals that this entity's milestones changed", async () => {
    const listeners: Array<(message: object) => void> = [];
    const signalApi = {
      subscribe: (_channel: string, onMessage: (message: any) => void) => {
        listeners.push(onMessage);
        return { unsubscribe: () => {} };
      },
    };
    let state = 'ready';
    let requests = 0;
    server.use(
      http.get(`${entityUrl()}/milestones`, () => {
        requests += 1;
        return HttpResponse.json({
          items: [milestoneStatus('M1', state as 'ready' | 'frozen')],
        });
      }),
    );
    await renderWithEntity(<HardeningOverviewCard />, {
      apis: [[signalApiRef, signalApi]],
    });
    await screen.findByRole('status', {
      name: 'M1 freeze status: Ready to freeze',
    });

    state = 'frozen';
    act(() =>
      listeners.forEach(l =>
        l({ entityRef: 'component:default/other', milestoneId: 'M1' }),
      ),
    );
    await act(() => new Promise(resolve => setTimeout(resolve, 0)));
    expect(requests).toBe(1);
    act(() =>
      listeners.forEach(l =>
        l({ entityRef: 'component:default/payments-api', milestoneId: 'M1' }),
      ),
    );
    expect(
      await screen.findByRole('status', { name: 'M1 freeze status: Frozen' }),
    ).toBeInTheDocument();
    expect(requests).toBe(2);
  });
});
