import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { useLocation } from 'react-router-dom';
import {
  baseUrl,
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  ESCALATED_ITEM,
  FLAKE_ITEM,
  NO_INVARIANT_ITEM,
  onEntity,
  queue,
} from '../../__testUtils__/triageFixtures';
import {
  setupTriageServer,
  TRIAGE_NOW,
} from '../../__testUtils__/triageServer';
import { ROUTING_SENTENCE, TriageQueueSection } from './TriageQueueSection';

const { server, serveQueue } = setupTriageServer();
// Rendering the whole queue with its tables and dialogs is slow on a shared CI machine.
jest.setTimeout(30_000);

/** Shows the query string of the app's current location, to see what the filters wrote. */
const Search = () => (
  <output aria-label="search">{useLocation().search}</output>
);

function renderQueue(
  name: string,
  options: { route?: string; kind?: string } = {},
) {
  return renderWithEntity(
    <>
      <TriageQueueSection now={TRIAGE_NOW} />
      <Search />
    </>,
    { name, ...options },
  );
}

/** The row of a failure, found through its expand button. */
async function rowOf(label: string): Promise<HTMLElement> {
  const button = await screen.findByRole('button', {
    name: `Details of ${label}`,
  });
  return button.closest('tr') as HTMLElement;
}

function cellTexts(row: HTMLElement): string[] {
  return Array.from(row.querySelectorAll('td, th')).map(
    cell => cell.textContent ?? '',
  );
}

function shownLabels(): string[] {
  return screen
    .queryAllByRole('button', { name: /^Details of / })
    .map(button => button.getAttribute('aria-label') ?? '');
}

const threeFailures = (name: string) => [
  onEntity(name, {
    ...ESCALATED_ITEM,
    uploader: { type: 'user', userEntityRef: 'user:default/ana' },
  }),
  onEntity(name, {
    ...FLAKE_ITEM,
    state: {
      status: 'defect-filed',
      class: 'flake',
      defect: {
        url: 'https://github.com/acme/payments-api/issues/12',
        recordedAt: '2026-11-21T10:00:00.000Z',
        recordedBy: 'user:default/alice',
      },
    },
    routing: {
      ownerRef: 'group:default/ci-maintainers',
      why: 'hardening.triage.routing sends Flake failures to this group',
    },
  }),
  onEntity(name, NO_INVARIANT_ITEM),
];

describe('TriageQueueSection', () => {
  it('shows one compact row per failure, grouped by scenario prefix, in words', async () => {
    serveQueue('rows', threeFailures('rows'));
    await renderQueue('rows');

    const table = await screen.findByRole('table', {
      name: 'Failures needing work',
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(header => header.textContent),
    ).toEqual([
      'Details',
      'Scenario',
      'Invariant',
      'Class',
      'Status',
      'Owner',
      'Escalation',
      'Last seen',
    ]);
    expect(
      within(table)
        .getAllByRole('heading', { level: 3 })
        .map(heading => heading.textContent),
    ).toEqual([
      'BID · Bidding (1)',
      'NOS · No-shows (1)',
      'API · API journeys (1)',
    ]);
    expect(shownLabels()).toEqual([
      'Details of BID-004/TENANT-002',
      'Details of NOS-002/NOTIF-001',
      'Details of 44',
    ]);
    const bid = await rowOf('BID-004/TENANT-002');
    expect(within(bid).getByRole('rowheader')).toHaveTextContent('BID-004');
    expect(cellTexts(bid)).toEqual([
      '',
      'BID-004',
      'TENANT-002',
      'none yet',
      'Open',
      'team-payments',
      'Unclassified too longSpans scenario classes',
      '2 hours ago',
    ]);
    expect(cellTexts(await rowOf('NOS-002/NOTIF-001'))).toEqual([
      '',
      'NOS-002',
      'NOTIF-001',
      'Flake',
      'Defect filed (issue, Opens in a new window)',
      'ci-maintainers',
      'none',
      '2 hours ago',
    ]);
    expect(cellTexts(await rowOf('44'))).toEqual([
      '',
      'API-044',
      'not reported',
      'Harness/diagnostics (suggested)',
      'Open',
      'team-payments',
      'none',
      '2 hours ago',
    ]);
    const flake = await rowOf('NOS-002/NOTIF-001');
    expect(
      within(flake).getByRole('link', { name: 'ci-maintainers' }),
    ).toHaveAttribute('href', '/catalog/default/group/ci-maintainers');
    expect(within(flake).getByRole('link', { name: /^issue/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/issues/12',
    );
    expect(
      within(flake).getByText('2 hours ago').closest('time'),
    ).toHaveAttribute('dateTime', '2026-11-21T10:00:00.000Z');
    expect(
      screen.getByText(/3 failures needing work, 1 escalated/),
    ).toHaveTextContent(
      'open failures escalate after 24 h · checked 2 hours ago',
    );
    // Details stay closed until asked for.
    expect(screen.queryByRole('region', { name: /^Details of/ })).toBeNull();
  });

  it('states the routing rule once above the list, not on every failure', async () => {
    serveQueue('routing', threeFailures('routing'));
    await renderQueue('routing');
    await screen.findByRole('table');
    expect(screen.getAllByText(ROUTING_SENTENCE)).toHaveLength(1);
    const user = userEvent.setup();
    for (const label of ['BID-004/TENANT-002', 'NOS-002/NOTIF-001', '44']) {
      await user.click(
        screen.getByRole('button', { name: `Details of ${label}` }),
      );
    }
    expect(screen.getAllByRole('region', { name: /^Details of/ })).toHaveLength(
      3,
    );
    expect(screen.getAllByText(ROUTING_SENTENCE)).toHaveLength(1);
    expect(document.body).not.toHaveTextContent(/hardening\.triage\.routing/);
    expect(document.body).not.toHaveTextContent("the entity's owner:");
  });

  it('expands a row to its facts, with times, hashes, rules and people in words', async () => {
    serveQueue('expand', threeFailures('expand'));
    await renderQueue('expand');
    const user = userEvent.setup();
    const expand = await screen.findByRole('button', {
      name: 'Details of BID-004/TENANT-002',
    });
    expect(expand).toHaveAttribute('aria-expanded', 'false');
    await user.click(expand);
    expect(expand).toHaveAttribute('aria-expanded', 'true');

    const bid = screen.getByRole('region', {
      name: 'Details of BID-004/TENANT-002',
    });
    expect(expand).toHaveAttribute('aria-controls', bid.id);
    expect(bid).toHaveTextContent(
      'Winner notification sent to the wrong organisation',
    );
    // Terms and values are one two-column grid on a shared baseline.
    const terms = within(bid).getAllByRole('term');
    expect(getComputedStyle(terms[0].parentElement!)).toMatchObject({
      display: 'grid',
      alignItems: 'baseline',
    });
    const facts = terms.map(t => t.textContent);
    expect(facts).toEqual([
      'Organisation under test',
      'Key entity ids',
      'Evidence',
      'Seen',
      'Latest run',
      'Suggested class',
      'Escalated',
      'Runbook',
    ]);
    const value = (term: string) =>
      within(bid).getByText(term, { selector: 'dt' })
        .nextElementSibling as HTMLElement;
    expect(value('Organisation under test')).toHaveTextContent('org-a');
    expect(
      within(value('Key entity ids'))
        .getAllByRole('listitem')
        .map(id => id.textContent),
    ).toEqual(['org-a', 'bid-window-9']);
    expect(value('Seen')).toHaveTextContent(
      '3 occurrences in 2 reports, first yesterday, last 2 hours ago',
    );
    expect(value('Latest run')).toHaveTextContent(
      'abcdef123456 · CI run, Opens in a new window · by ana',
    );
    expect(
      within(value('Latest run')).getByRole('button', { name: 'Copy commit' }),
    ).toBeInTheDocument();
    expect(value('Suggested class')).toHaveTextContent(
      'none: no rule or history fact applies',
    );
    expect(value('Escalated')).toHaveTextContent(
      'open past its classification deadline (3 hours ago); its invariant fails under scenarios of BID, SCH',
    );
    expect(
      within(bid).getByRole('link', { name: /log: https:\/\/ci\.example/ }),
    ).toHaveAttribute(
      'href',
      'https://ci.example.com/runs/311/artifacts/integration.log',
    );
    expect(
      within(bid).getByRole('link', {
        name: 'Payments API runbook › BID-* bidding failures',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/expand/runbooks?runbook=triage#bid--bidding-failures',
    );

    await user.click(screen.getByRole('button', { name: 'Details of 44' }));
    const api = screen.getByRole('region', { name: 'Details of 44' });
    expect(api).toHaveTextContent(
      'Harness/diagnostics, by the built-in rule “missing scenario or invariant id”: the failure does not name its invariantId',
    );
    expect(api).toHaveTextContent(
      'Harness/diagnostics defect: missing invariantId',
    );

    const text = document.body.textContent ?? '';
    expect(text).not.toMatch(/builtin:|user:default\/|group:default\//);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    expect(text).not.toContain('abcdef1234567890');

    await user.click(expand);
    expect(
      screen.queryByRole('region', { name: 'Details of BID-004/TENANT-002' }),
    ).toBeNull();
  });

  it('narrows the rows with the filters and writes them to the URL', async () => {
    serveQueue('filters', threeFailures('filters'));
    await renderQueue('filters', { route: '/?tab=keep' });
    const user = userEvent.setup();
    await screen.findByRole('table');

    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Escalation' }),
      'Not escalated',
    );
    expect(shownLabels()).toEqual([
      'Details of NOS-002/NOTIF-001',
      'Details of 44',
    ]);
    expect(
      screen.getByRole('heading', { name: 'NOS · No-shows (1)' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /^BID/ })).toBeNull();

    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Class' }),
      'Harness/diagnostics',
    );
    expect(shownLabels()).toEqual(['Details of 44']);
    expect(screen.getByLabelText('search')).toHaveTextContent(
      '?tab=keep&escalation=not-escalated&class=harness',
    );

    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Status' }),
      'Defect filed',
    );
    expect(shownLabels()).toEqual([]);
    expect(
      screen.getByText(/^No failure matches these filters/),
    ).toHaveTextContent(
      'No failure matches these filters (3 failures need work).',
    );

    await user.click(screen.getByRole('button', { name: 'Show all failures' }));
    expect(shownLabels()).toHaveLength(3);
    expect(screen.getByLabelText('search')).toHaveTextContent('?tab=keep');
    expect(screen.getByRole('combobox', { name: 'Class' })).toHaveValue('all');
  });

  it('reads the filters from the URL, ignoring values it does not know', async () => {
    serveQueue('from-url', threeFailures('from-url'));
    await renderQueue('from-url', {
      route: '/?status=defect-filed&escalation=sometimes',
    });
    await screen.findByRole('table');
    expect(shownLabels()).toEqual(['Details of NOS-002/NOTIF-001']);
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveDisplayValue(
      'Defect filed',
    );
    expect(
      screen.getByRole('combobox', { name: 'Escalation' }),
    ).toHaveDisplayValue('All');
  });

  it('filters by the suggested class when no class was given', async () => {
    serveQueue('suggested', threeFailures('suggested'));
    await renderQueue('suggested', { route: '/?class=none' });
    await screen.findByRole('table');
    expect(shownLabels()).toEqual(['Details of BID-004/TENANT-002']);
  });

  it('shows a progress bar while the queue loads', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>(resolve => {
      release = resolve;
    });
    server.use(
      http.get(`${entityUrl('slow')}/triage/queue`, async () => {
        await held;
        return HttpResponse.json(queue([onEntity('slow', FLAKE_ITEM)]));
      }),
    );
    await renderQueue('slow');
    expect(
      await screen.findByRole('progressbar', { name: 'Loading' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
    release();
    expect(await screen.findByRole('table')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows the upload command when nothing needs triage', async () => {
    serveQueue('empty', []);
    await renderQueue('empty');
    expect(
      await screen.findByText('No failures to triage'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
    await waitFor(() =>
      expect(
        screen.getByLabelText('Upload command: No failures to triage'),
      ).toHaveTextContent(
        'upload triage triage-report.json \\ --entity component:default/empty',
      ),
    );
    await waitFor(() =>
      expect(
        screen.getByLabelText(
          'Static-token upload command: No failures to triage',
        ),
      ).toHaveTextContent(
        `--data-binary @triage-report.json \\ "${entityUrl(
          'empty',
        )}/triage-reports"`,
      ),
    );
  });

  it('shows the backend error when the queue cannot be loaded, and Retry loads it again', async () => {
    let down = true;
    server.use(
      http.get(`${entityUrl('broken')}/triage/queue`, () =>
        down
          ? errorResponse(503, 'database is down')
          : HttpResponse.json(queue([ESCALATED_ITEM])),
      ),
    );
    await renderQueue('broken');
    expect(
      await screen.findByText(
        /Could not load the triage queue: database is down/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();

    down = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('table')).toBeInTheDocument();
    expect(screen.queryByText(/Could not load the triage queue/)).toBeNull();
  });

  it("shows a team's queue on a group page with an entity column", async () => {
    server.use(
      http.get(`${baseUrl}/groups/default/team-payments/triage/queue`, () =>
        HttpResponse.json(
          queue(
            [
              onEntity('payments-api', ESCALATED_ITEM),
              onEntity('ledger', FLAKE_ITEM),
            ],
            ['component:default/payments-api', 'component:default/ledger'],
          ),
        ),
      ),
    );
    await renderQueue('team-payments', {
      kind: 'Group',
      route: '/?escalation=not-escalated',
    });
    const table = await screen.findByRole('table');
    expect(
      within(table).getByRole('columnheader', { name: 'Entity' }),
    ).toBeInTheDocument();
    expect(shownLabels()).toEqual(['Details of NOS-002/NOTIF-001']);
    const ledger = await rowOf('NOS-002/NOTIF-001');
    expect(
      within(ledger).getByRole('link', { name: /ledger/ }),
    ).toHaveAttribute('href', '/catalog/default/component/ledger');
    expect(screen.getAllByText(ROUTING_SENTENCE)).toHaveLength(1);
  });
});
