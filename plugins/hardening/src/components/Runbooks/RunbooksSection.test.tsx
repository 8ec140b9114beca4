import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { RunbookSummary } from '@hardening/backstage-plugin-hardening-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { runbook } from '../../__testUtils__/triageFixtures';
import { RunbooksSection } from './RunbooksSection';

const server = setupServer();
registerMswTestHooks(server);

const TRIAGE = runbook();
const ROLLOUT = runbook({
  id: 'rollout',
  title: 'Release rollout',
  source: {
    kind: 'upload',
    uploadedAt: '2026-11-20T10:00:00.000Z',
    uploadedBy: 'user:default/alice',
    digest: 'c'.repeat(64),
  },
  stale: false,
  staleReason: undefined,
  lastUpdated: '2026-11-20',
  nextReview: '2027-05-20',
  markdown: '# Release rollout\n\n## Canary\n\nWatch the error rate.\n',
  toc: [
    { id: 'release-rollout', text: 'Release rollout', depth: 1 },
    { id: 'canary', text: 'Canary', depth: 2 },
  ],
  commands: [],
  walkthroughs: [],
  knownIssues: [],
  prefixSections: {},
});

function summary({
  markdown: _markdown,
  toc: _toc,
  commands: _commands,
  walkthroughs: _walkthroughs,
  knownIssues: _knownIssues,
  prefixSections: _prefixSections,
  ...rest
}: typeof TRIAGE): RunbookSummary {
  return rest;
}

function serveRunbooks(name: string, ...runbooks: (typeof TRIAGE)[]) {
  server.use(
    http.get(`${entityUrl(name)}/runbooks`, () =>
      HttpResponse.json({ items: runbooks.map(summary) }),
    ),
    ...runbooks.map(r =>
      http.get(`${entityUrl(name)}/runbooks/${r.id}`, () =>
        HttpResponse.json(r),
      ),
    ),
  );
}

/** The day the tests run on: the triage runbook's next review (2026-10-01) is past. */
const NOW = Date.parse('2026-11-20T12:00:00.000Z');

describe('RunbooksSection', () => {
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    window.location.hash = '';
    // jsdom has no scrollIntoView; one test adds it.
    delete (Element.prototype as Partial<Element>).scrollIntoView;
  });

  it('renders the runbook with a table of contents whose links match the heading anchors', async () => {
    serveRunbooks('toc', TRIAGE);
    await renderWithEntity(<RunbooksSection />, { name: 'toc' });

    expect(
      await screen.findByRole('heading', { name: 'Runbooks' }),
    ).toBeInTheDocument();
    const toc = await screen.findByRole('navigation', {
      name: 'Table of contents',
    });
    const links = within(toc).getAllByRole('link');
    expect(links.map(link => link.textContent)).toEqual([
      'Walkthroughs',
      'W1. Run one scenario',
      'BID-* bidding failures',
      'Known issues',
    ]);
    for (const link of links) {
      const id = link.getAttribute('href')!.slice(1);
      expect(document.getElementById(id)).toHaveTextContent(link.textContent!);
    }
    expect(
      screen.getByRole('heading', { name: 'BID-* bidding failures' }),
    ).toHaveAttribute('id', 'bid--bidding-failures');
    // In-document links of the Markdown keep working.
    expect(
      screen.getByRole('link', { name: 'the walkthroughs' }),
    ).toHaveAttribute('href', '#walkthroughs');
    expect(
      screen.getByRole('link', { name: /docs\/runbooks\/triage\.md/ }),
    ).toHaveAttribute(
      'href',
      'https://github.com/acme/payments-api/blob/main/docs/runbooks/triage.md',
    );
  });

  it('copies a command block and highlights the pass signal of its walkthrough', async () => {
    serveRunbooks('copy', TRIAGE);
    const user = userEvent.setup();
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText },
      configurable: true,
    });
    await renderWithEntity(<RunbooksSection />, { name: 'copy' });

    await user.click(
      await screen.findByRole('button', { name: 'Copy command' }),
    );
    expect(writeText).toHaveBeenCalledWith(
      'INTEGRATION_TEST=1 yarn test:integration -t "BID-004"',
    );
    expect(await screen.findByText('Copied')).toBeInTheDocument();

    const signal = screen.getByText(/^Pass signal:/);
    expect(signal).toHaveAttribute('data-pass-signal', 'true');
    expect(screen.getByText('Check the bid window first.')).not.toHaveAttribute(
      'data-pass-signal',
    );
  });

  it('filters the known issues by severity, status and priority', async () => {
    serveRunbooks('issues', TRIAGE);
    const user = userEvent.setup();
    await renderWithEntity(<RunbooksSection />, { name: 'issues' });

    const filters = await screen.findByRole('group', {
      name: 'Filter known issues',
    });
    const rows = () =>
      screen
        .getAllByRole('row')
        .slice(1)
        .map(row => within(row).getAllByRole('cell')[0].textContent);
    expect(within(filters).getByRole('status')).toHaveTextContent(
      'Showing 3 of 3 known issues',
    );
    // Each filter shows "All" as its value, its label above the field, not over it.
    for (const name of ['Severity', 'Status', 'Priority']) {
      expect(within(filters).getByLabelText(name)).toHaveDisplayValue('All');
      expect(
        within(filters).getByText(name, { selector: 'label' }),
      ).toHaveAttribute('data-shrink', 'true');
    }

    await user.selectOptions(
      within(filters).getByLabelText('Severity'),
      'High',
    );
    expect(rows()).toEqual([
      'KI-1 Refund webhook retried twice',
      'KI-3 Flaky clock in CI',
    ]);
    await user.selectOptions(
      within(filters).getByLabelText('Status'),
      'Mitigated',
    );
    expect(rows()).toEqual(['KI-3 Flaky clock in CI']);
    expect(within(filters).getByRole('status')).toHaveTextContent(
      'Showing 1 of 3 known issues',
    );
    await user.selectOptions(within(filters).getByLabelText('Severity'), '');
    await user.selectOptions(within(filters).getByLabelText('Priority'), 'P3');
    expect(rows()).toEqual(['KI-2 Slow seed on ARM laptops']);
  });

  it('keeps the headings and short values of a runbook table whole', async () => {
    serveRunbooks('words', TRIAGE);
    await renderWithEntity(<RunbooksSection />, { name: 'words' });
    const header = await screen.findByRole('columnheader', {
      name: 'Severity',
    });
    const style = getComputedStyle(header);
    expect([style.wordBreak, style.overflowWrap]).toEqual([
      'keep-all',
      'normal',
    ]);
    // Cells wrap between words only: "anywhere" would let a narrow column cut "Mitigated".
    const cell = screen.getAllByRole('cell', { name: 'Mitigated' })[0];
    expect(getComputedStyle(cell).overflowWrap).toBe('break-word');
  });

  it('warns in an alert when the runbook is past its next review, with its age', async () => {
    serveRunbooks('stale', TRIAGE);
    await renderWithEntity(<RunbooksSection />, { name: 'stale' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Warning: This runbook may be out of date' +
        'Its next review was due last month. Check its steps against the system',
    );
    // The age reads relative to today; the day itself is on hover.
    expect(within(alert).getByText('last month')).toHaveAttribute(
      'dateTime',
      '2026-10-01',
    );
    expect(within(alert).getByText('last month')).toHaveAccessibleName(
      'Oct 1, 2026',
    );
    expect(
      screen.getByText(
        (_, node) =>
          node?.tagName === 'P' &&
          node.textContent ===
            'Last updated 2 months ago · review due last month.',
      ),
    ).toBeInTheDocument();
  });

  it('says when a stale runbook without a next review was last updated', async () => {
    serveRunbooks(
      'old',
      runbook({
        nextReview: undefined,
        lastUpdated: '2026-05-20',
        staleReason: 'It was last updated on 2026-05-20, 184 days ago',
      }),
    );
    await renderWithEntity(<RunbooksSection />, { name: 'old' });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'It was last updated 6 months ago and names no next review.',
    );
  });

  it('opens the runbook the URL names at the section of its fragment', async () => {
    serveRunbooks('deep', ROLLOUT, TRIAGE);
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function scrollIntoView(this: Element) {
      scrolled.push(this.id);
    };
    window.location.hash = '#bid--bidding-failures';
    await renderWithEntity(<RunbooksSection />, {
      name: 'deep',
      route: '/?runbook=triage',
    });

    expect(
      await screen.findByRole('tab', {
        name: 'Payments API runbook (stale)',
        selected: true,
      }),
    ).toBeInTheDocument();
    await waitFor(() => expect(scrolled).toEqual(['bid--bidding-failures']));
  });

  it('switches between runbooks and shows who uploaded one without a stale warning', async () => {
    serveRunbooks('tabs', ROLLOUT, TRIAGE);
    const user = userEvent.setup();
    await renderWithEntity(<RunbooksSection />, { name: 'tabs' });

    expect(
      await screen.findByRole('tab', {
        name: 'Release rollout',
        selected: true,
      }),
    ).toBeInTheDocument();
    const source = await screen.findByText(/^Uploaded by alice/);
    expect(source).toHaveTextContent(
      'Uploaded by alice 2 hours ago (SHA-256 cccccccccccc)',
    );
    expect(
      within(source).getByRole('button', { name: 'Copy runbook digest' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();

    await user.click(
      screen.getByRole('tab', { name: 'Payments API runbook (stale)' }),
    );
    expect(
      await screen.findByRole('heading', { name: 'W1. Run one scenario' }),
    ).toBeInTheDocument();
  });

  it('says how to attach a runbook when there is none', async () => {
    server.use(
      http.get(`${entityUrl('none')}/runbooks`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await renderWithEntity(<RunbooksSection />, { name: 'none' });
    expect(
      await screen.findByText('No runbooks for this component'),
    ).toBeInTheDocument();
    expect(screen.getByText('hardening.io/runbooks')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getByLabelText('Upload command: No runbooks for this component'),
      ).toHaveTextContent(
        `-X PUT \\ -H "Authorization: Bearer $HARDENING_CI_TOKEN" \\ -H 'Content-Type: text/markdown' \\ --data-binary @docs/runbooks/triage.md \\ "${entityUrl(
          'none',
        )}/runbooks/triage"`,
      ),
    );
  });

  it('names a runbook file that could not be read, and the backend error of the list', async () => {
    server.use(
      http.get(`${entityUrl('unreadable')}/runbooks`, () =>
        HttpResponse.json({
          items: [
            {
              ...summary(TRIAGE),
              stale: false,
              error: 'NotFoundError: docs/runbooks/triage.md does not exist',
            },
          ],
        }),
      ),
      http.get(`${entityUrl('broken')}/runbooks`, () =>
        errorResponse(403, 'not allowed to read runbooks', 'NotAllowedError'),
      ),
    );
    const { unmount } = await renderWithEntity(<RunbooksSection />, {
      name: 'unreadable',
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not read Payments API runbook: NotFoundError: docs/runbooks/triage.md does not exist',
    );
    unmount();

    await renderWithEntity(<RunbooksSection />, { name: 'broken' });
    expect(
      await screen.findByText(
        /Could not load the runbooks: not allowed to read runbooks/,
      ),
    ).toBeInTheDocument();
    // The tab's only section: its error says what to check and offers Retry.
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
