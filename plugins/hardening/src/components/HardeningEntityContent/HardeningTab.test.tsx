import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { freezeClock } from '../../__testUtils__/clock';
import { milestoneStatus, T0, T1 } from '../../__testUtils__/fixtures';
import {
  healthHandler,
  someEvidenceHandlers,
} from '../../__testUtils__/handlers';
import {
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { HardeningEntityContent } from './HardeningEntityContent';

const server = setupServer();
registerMswTestHooks(server);
freezeClock();
// Each test renders the whole tab, seven sections, some twice.
jest.setTimeout(30_000);

/** The whole tab loads before it shows: give it longer than one section. */
const TAB_LOADED = { timeout: 10_000 };

/** Text on screen, leaving out the sections kept mounted (and loading) while hidden. */
function visibleText(text: RegExp) {
  return screen
    .queryAllByText(text)
    .filter(element => !element.closest('[hidden]'));
}

const SECTION_HEADINGS = [
  'Milestones',
  'Test reports',
  'CI gates',
  'Delivery contract',
  'Stress runs',
  'Production validation',
  'Release audit chain',
];

function health() {
  server.use(healthHandler());
}

function milestones(name: string, ...items: unknown[]) {
  server.use(
    http.get(`${entityUrl(name)}/milestones`, () =>
      HttpResponse.json({ items }),
    ),
  );
}

/** Counts the requests to each route of the entity, e.g. `milestones` → 2. */
function countRequests(name: string) {
  const counts = new Map<string, number>();
  server.events.on('request:start', ({ request }) => {
    const prefix = `${entityUrl(name)}/`;
    if (!request.url.startsWith(prefix)) return;
    const route = new URL(request.url).pathname.slice(
      new URL(prefix).pathname.length,
    );
    counts.set(route, (counts.get(route) ?? 0) + 1);
  });
  return counts;
}

describe('the Hardening tab', () => {
  it('starts with the verdict line, then the milestones newest first, then the evidence', async () => {
    health();
    server.use(...someEvidenceHandlers('verdict'));
    milestones(
      'verdict',
      milestoneStatus('M3.2', 'regressed', { createdAt: T0 }),
      milestoneStatus('M3.4', 'blocked', {
        createdAt: T1,
        failing: { stress: 'p95 above the limit', tag: 'not reported' },
      }),
    );
    await renderWithEntity(<HardeningEntityContent />, { name: 'verdict' });

    const verdict = await screen.findByRole(
      'status',
      { name: 'Milestone verdict' },
      TAB_LOADED,
    );
    expect(verdict).toHaveTextContent(
      'M3.4 blocked: 2 of 5 checks failing · M3.2 regressed',
    );
    expect(
      within(verdict).getByRole('link', {
        name: 'M3.4 blocked: 2 of 5 checks failing',
      }),
    ).toHaveAttribute('href', '/#hardening-milestone-M3.4');
    const milestonesHeading = screen.getByRole('heading', {
      level: 2,
      name: 'Milestones',
    });
    expect(
      verdict.compareDocumentPosition(milestonesHeading) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.getAllByRole('article').map(article => article.id)).toEqual([
      'hardening-milestone-M3.4',
      'hardening-milestone-M3.2',
    ]);
    for (const heading of SECTION_HEADINGS) {
      expect(
        await screen.findByRole('heading', { level: 2, name: heading }),
      ).toBeVisible();
    }
    expect(
      await screen.findByText(/database schema 20261123080000/),
    ).toHaveTextContent('Evidence for component:default/verdict');
  });

  it('shows one progress bar while it loads, not one per section', async () => {
    health();
    let release: () => void = () => {};
    const answered = new Promise<void>(resolve => {
      release = resolve;
    });
    server.use(
      // Holds every request of the entity until released, then lets the next handler answer.
      http.get(`${entityUrl('slow')}/*`, async () => {
        await answered;
      }),
      ...someEvidenceHandlers('slow'),
    );
    await renderWithEntity(<HardeningEntityContent />, { name: 'slow' });

    expect(await screen.findAllByRole('progressbar')).toHaveLength(1);
    expect(
      screen.queryByRole('heading', { name: 'Test reports' }),
    ).not.toBeInTheDocument();

    release();
    expect(
      await screen.findByRole(
        'heading',
        { level: 2, name: 'Test reports' },
        TAB_LOADED,
      ),
    ).toBeVisible();
    expect(screen.queryAllByRole('progressbar')).toHaveLength(0);
  });

  it('shows one error with Retry when the backend answers nothing, and Retry loads every section again', async () => {
    health();
    let up = false;
    const requests = countRequests('down');
    server.use(...someEvidenceHandlers('down'));
    milestones('down', milestoneStatus('M1', 'ready'));
    // Used last, so asked first: every route fails until the backend is up.
    server.use(
      http.get(`${entityUrl('down')}/*`, () =>
        up ? undefined : errorResponse(503, 'backend unavailable'),
      ),
    );
    await renderWithEntity(<HardeningEntityContent />, { name: 'down' });

    expect(
      await screen.findByText(
        'Error: Could not load the hardening evidence: backend unavailable',
        undefined,
        TAB_LOADED,
      ),
    ).toBeVisible();
    expect(visibleText(/Could not load/)).toHaveLength(1);
    expect(screen.queryByRole('heading', { level: 2 })).not.toBeInTheDocument();
    expect(requests.get('milestones')).toBe(1);
    expect(requests.get('stress-runs')).toBe(1);

    up = true;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole(
        'status',
        { name: 'M1 freeze status: Ready to freeze' },
        TAB_LOADED,
      ),
    ).toBeInTheDocument();
    for (const heading of SECTION_HEADINGS) {
      expect(
        await screen.findByRole('heading', { level: 2, name: heading }),
      ).toBeVisible();
    }
    expect(visibleText(/Could not load/)).toHaveLength(0);
    for (const route of [
      'milestones',
      'test-reports',
      'ci-gates',
      'required-gates',
      'contract-results',
      'stress-runs',
      'validation-reports',
      'audit-chain/verify',
    ]) {
      expect([route, requests.get(route)]).toEqual([route, 2]);
    }
  });

  it('shows the milestones and one error for the evidence when only the evidence fails', async () => {
    health();
    server.use(
      http.get(`${entityUrl('no-evidence-store')}/*`, ({ request }) =>
        request.url.endsWith('/milestones')
          ? undefined
          : errorResponse(500, 'evidence store down'),
      ),
      ...someEvidenceHandlers('no-evidence-store'),
    );
    milestones('no-evidence-store', milestoneStatus('M1', 'blocked'));
    await renderWithEntity(<HardeningEntityContent />, {
      name: 'no-evidence-store',
    });

    expect(
      await screen.findByText(
        'Error: Could not load the evidence: evidence store down',
        undefined,
        TAB_LOADED,
      ),
    ).toBeVisible();
    expect(visibleText(/Could not load/)).toHaveLength(1);
    expect(
      screen.getByRole('status', { name: 'M1 freeze status: Blocked' }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Stress runs' }),
    ).not.toBeInTheDocument();
  });

  it('keeps the other sections when one request fails', async () => {
    health();
    server.use(
      http.get(`${entityUrl('one-fails')}/stress-runs`, () =>
        errorResponse(500, 'stress store down'),
      ),
      ...someEvidenceHandlers('one-fails'),
    );
    await renderWithEntity(<HardeningEntityContent />, { name: 'one-fails' });
    expect(
      await screen.findByText(
        'Error: Could not load the stress runs: stress store down',
        undefined,
        TAB_LOADED,
      ),
    ).toBeVisible();
    await waitFor(() =>
      expect(screen.getByText('No test reports yet')).toBeVisible(),
    );
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});
