import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { TriageQueueItem } from '@hardening/backstage-plugin-hardening-common';
import { T1 } from '../../__testUtils__/fixtures';
import {
  baseUrl,
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  DEFECT_MARKDOWN,
  defectDraft,
  historyEntry,
  queue,
  queueItem,
} from '../../__testUtils__/triageFixtures';
import { TriageQueueSection } from './TriageQueueSection';

const server = setupServer();
registerMswTestHooks(server);

const FLAKE = queueItem({
  failureId: '52',
  fingerprint: 'NOS-002|NOTIF-001',
  scenarioId: 'NOS-002',
  invariantId: 'NOTIF-001',
  scenario: { prefix: 'NOS', label: 'No-shows', known: true },
  invariant: { prefix: 'NOTIF', label: 'Notifications', known: true },
  suggestion: {
    class: 'flake',
    because: {
      kind: 'history',
      detail:
        'it failed in some integration runs of commit abcdef123456 and passed in others',
    },
  },
});

const ESCALATED = queueItem({
  runbookSection: {
    runbookId: 'triage',
    runbookTitle: 'Payments API runbook',
    sectionId: 'bid--bidding-failures',
    heading: 'BID-* bidding failures',
  },
  escalation: {
    unclassifiedTooLong: true,
    spansScenarioClasses: true,
    scenarioPrefixes: ['BID', 'SCH'],
    escalateAt: '2026-11-21T09:00:00.000Z',
  },
});

const NO_INVARIANT = queueItem({
  failureId: '44',
  fingerprint: 'API-044|#0123456789abcdef',
  scenarioId: 'API-044',
  invariantId: undefined,
  scenario: { prefix: 'API', label: 'API journeys', known: true },
  invariant: undefined,
  diagnosticsDefect: true,
  diagnosticsReason: 'missing invariantId',
  suggestion: {
    class: 'harness',
    because: {
      kind: 'rule',
      ruleName: 'builtin:missing-ids',
      detail:
        'the failure does not name its invariantId: the harness must print both',
    },
  },
});

/** Serves the queue of `name`; `next` (when given) is served after the first change. */
function serveQueue(name: string, items: TriageQueueItem[]) {
  let current = items;
  server.use(
    http.get(`${entityUrl(name)}/triage/queue`, () =>
      HttpResponse.json(queue(current)),
    ),
  );
  return (next: TriageQueueItem[]) => {
    current = next;
  };
}

/** Renders the queue of `name` and clicks the button named `button` once it shows. */
async function renderAndClick(
  name: string,
  button: string,
  permission: 'allow' | 'deny' = 'deny',
) {
  const user = userEvent.setup();
  await renderWithEntity(<TriageQueueSection />, { name, permission });
  await user.click(await screen.findByRole('button', { name: button }));
  return user;
}

function onEntity(name: string, item: TriageQueueItem): TriageQueueItem {
  return { ...item, entityRef: `component:default/${name}` };
}

describe('TriageQueueSection', () => {
  it('groups failures by scenario prefix with their facts, suggestion reasons and escalation badges', async () => {
    serveQueue('queue', [
      onEntity('queue', {
        ...ESCALATED,
        uploader: { type: 'user', userEntityRef: 'user:default/ana' },
      }),
      onEntity('queue', FLAKE),
      onEntity('queue', NO_INVARIANT),
    ]);
    await renderWithEntity(<TriageQueueSection />, { name: 'queue' });

    expect(
      await screen.findByRole('heading', { name: 'Triage queue' }),
    ).toBeInTheDocument();
    expect(
      (await screen.findAllByRole('heading', { level: 3 })).map(
        heading => heading.textContent,
      ),
    ).toEqual([
      'BID · Bidding (1)',
      'NOS · No-shows (1)',
      'API · API journeys (1)',
    ]);
    expect(
      screen.getByText(/3 failures needing work, 1 escalated/),
    ).toBeInTheDocument();

    const bid = screen.getByRole('article', { name: 'BID-004 / TENANT-002' });
    expect(within(bid).getByText('Unclassified too long')).toBeInTheDocument();
    expect(within(bid).getByText('Spans scenario classes')).toBeInTheDocument();
    expect(bid).toHaveTextContent(
      'its invariant fails under scenarios of BID, SCH',
    );
    expect(bid).toHaveTextContent('Organisation under test');
    expect(bid).toHaveTextContent('org-a');
    expect(bid).toHaveTextContent('bid-window-9');
    expect(bid).toHaveTextContent(
      '3 occurrences in 2 reports, first 2026-11-20 10:00 UTC, last 2026-11-21 10:00 UTC',
    );
    expect(
      within(bid).getByRole('link', { name: /log: https:\/\/ci\.example/ }),
    ).toHaveAttribute(
      'href',
      'https://ci.example.com/runs/311/artifacts/integration.log',
    );
    expect(bid).toHaveTextContent('screenshot: ci-artifacts/ui/bid-window.png');
    expect(
      within(bid).getByRole('link', {
        name: 'Payments API runbook › BID-* bidding failures',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/queue/runbooks?runbook=triage#bid--bidding-failures',
    );
    expect(bid).toHaveTextContent(
      'Latest runabcdef123456 · CI run, Opens in a new window · by ana',
    );
    expect(bid).toHaveTextContent('none: no rule or history fact applies');
    expect(bid).toHaveTextContent(
      "the entity's owner: the failure is not classified yet",
    );

    const flake = screen.getByRole('article', { name: 'NOS-002 / NOTIF-001' });
    expect(flake).toHaveTextContent(
      'Flake, because history: it failed in some integration runs of commit abcdef123456 and passed in others',
    );
    expect(
      within(flake).queryByText('Unclassified too long'),
    ).not.toBeInTheDocument();

    const api = screen.getByRole('article', {
      name: 'API-044 / no invariantId',
    });
    expect(api).toHaveTextContent(
      'Harness/diagnostics, because rule builtin:missing-ids: the failure does not name its invariantId',
    );
    expect(api).toHaveTextContent(
      'Harness/diagnostics defect: missing invariantId',
    );
  });

  it('shows classify and status controls only to people allowed to triage the entity', async () => {
    serveQueue('denied', [onEntity('denied', ESCALATED)]);
    await renderWithEntity(<TriageQueueSection />, {
      name: 'denied',
      permission: 'deny',
    });
    expect(
      await screen.findByRole('button', {
        name: 'File defect for BID-004/TENANT-002',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Classify BID-004/TENANT-002' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Mark / })).toBeNull();
  });

  it('names the button of a failure without both ids by its failure id', async () => {
    serveQueue('allowed', [
      onEntity('allowed', ESCALATED),
      onEntity('allowed', NO_INVARIANT),
    ]);
    await renderWithEntity(<TriageQueueSection />, {
      name: 'allowed',
      permission: 'allow',
    });
    expect(
      await screen.findByRole('button', {
        name: 'Classify BID-004/TENANT-002',
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Classify 44' })).toBeVisible();
    // Open failures cannot be closed before they are classified.
    expect(screen.queryByRole('button', { name: /^Mark / })).toBeNull();
  });

  it('classifies a failure with the suggested class preselected, then shows it reloaded', async () => {
    const name = 'classify';
    const item = onEntity(name, FLAKE);
    const next = serveQueue(name, [item]);
    let body: unknown;
    server.use(
      http.post(
        `${entityUrl(name)}/triage/failures/52/classification`,
        async ({ request }) => {
          body = await request.json();
          next([
            {
              ...item,
              state: {
                status: 'classified',
                class: 'flake',
                classifiedAt: T1,
                classifiedBy: 'user:default/alice',
                statusChangedAt: T1,
              },
            },
          ]);
          return HttpResponse.json({
            state: { status: 'classified', class: 'flake' },
            entry: historyEntry(),
          });
        },
      ),
    );
    const user = await renderAndClick(
      name,
      'Classify NOS-002/NOTIF-001',
      'allow',
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Classify NOS-002/NOTIF-001',
    });
    expect(
      within(dialog).getByRole('radio', { name: 'Flake (suggested)' }),
    ).toBeChecked();
    await user.click(within(dialog).getByLabelText('Note (optional)'));
    await user.paste('passed on retry');
    await user.click(
      within(dialog).getByRole('button', {
        name: 'Save classification of NOS-002/NOTIF-001',
      }),
    );

    expect(
      await screen.findByText('NOS-002/NOTIF-001 classified as Flake'),
    ).toBeInTheDocument();
    expect(body).toEqual({ class: 'flake', note: 'passed on retry' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const article = await screen.findByRole('article', {
      name: 'NOS-002 / NOTIF-001',
    });
    await waitFor(() => expect(article).toHaveTextContent('Classified: Flake'));
    expect(
      within(article).getByRole('button', {
        name: 'Classify NOS-002/NOTIF-001',
      }),
    ).toBeInTheDocument();
    expect(
      within(article).getByRole('button', {
        name: 'Mark NOS-002/NOTIF-001 fixed',
      }),
    ).toBeInTheDocument();
  });

  it('shows the backend reason when a status change is refused', async () => {
    const name = 'refused';
    serveQueue(name, [
      onEntity(name, {
        ...FLAKE,
        state: { status: 'classified', class: 'flake' },
      }),
    ]);
    server.use(
      http.post(`${entityUrl(name)}/triage/failures/52/status`, () =>
        errorResponse(
          409,
          'the failure changed meanwhile: reload and try again',
          'ConflictError',
        ),
      ),
    );
    await renderAndClick(name, "Mark NOS-002/NOTIF-001 won't fix", 'allow');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Status change of NOS-002/NOTIF-001 refused: the failure changed meanwhile: reload and try again',
    );
  });

  it('shows the status history of a failure, oldest first', async () => {
    const name = 'history';
    const item = onEntity(name, {
      ...FLAKE,
      state: { status: 'defect-filed', class: 'flake' },
    });
    serveQueue(name, [item]);
    server.use(
      http.get(`${entityUrl(name)}/triage/failures/52`, () =>
        HttpResponse.json({
          item,
          failure: {},
          history: [
            historyEntry({ note: 'passed on retry' }),
            historyEntry({
              from: 'classified',
              to: 'defect-filed',
              class: undefined,
              by: 'user:default/bob',
              defectUrl: 'https://github.com/acme/payments-api/issues/12',
            }),
          ],
        }),
      ),
    );
    await renderAndClick(name, 'History of NOS-002/NOTIF-001');
    const list = await screen.findByRole('list', {
      name: 'Triage history of NOS-002/NOTIF-001',
    });
    const entries = within(list).getAllByRole('listitem');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent(
      '2026-11-21 10:00 UTC: Open → Classified, class Flake by user:default/alice — “passed on retry”',
    );
    expect(entries[1]).toHaveTextContent(
      '2026-11-21 10:00 UTC: Classified → Defect filed by user:default/bob, issue https://github.com/acme/payments-api/issues/12',
    );
  });

  describe('filing a defect', () => {
    // One entity per test: permission answers are cached per resource ref.
    const classifiedOn = (name: string) =>
      onEntity(name, {
        ...ESCALATED,
        state: { status: 'classified', class: 'algorithm-regression' },
      });

    function serveDefect(name: string) {
      server.use(
        http.get(`${entityUrl(name)}/triage/failures/41/defect`, () =>
          HttpResponse.json(defectDraft()),
        ),
      );
    }

    it('copies the Markdown and links to a prefilled issue in the tracker', async () => {
      const name = 'defect-copy';
      serveQueue(name, [classifiedOn(name)]);
      serveDefect(name);
      const user = await renderAndClick(
        name,
        'File defect for BID-004/TENANT-002',
      );
      const writeText = jest.fn().mockResolvedValue(undefined);
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText },
        configurable: true,
      });
      const dialog = screen.getByRole('dialog', {
        name: 'Defect for BID-004/TENANT-002',
      });
      expect(
        await within(dialog).findByLabelText('Defect Markdown'),
      ).toHaveTextContent('- scenarioId: BID-004');
      expect(
        within(dialog).getByRole('link', { name: /Open issue in tracker/ }),
      ).toHaveAttribute(
        'href',
        'https://github.com/acme/payments-api/issues/new?title=Integration%20failure',
      );
      await user.click(
        within(dialog).getByRole('button', { name: 'Copy as Markdown' }),
      );
      expect(writeText).toHaveBeenCalledWith(DEFECT_MARKDOWN);
      expect(within(dialog).getByRole('status')).toHaveTextContent('Copied');
      // Not allowed to triage: no field to record the issue.
      expect(within(dialog).queryByLabelText('Issue URL')).toBeNull();
    });

    it('records the issue URL, refusing one that is not an http(s) URL', async () => {
      const name = 'defect-link';
      const classified = classifiedOn(name);
      const next = serveQueue(name, [classified]);
      serveDefect(name);
      let body: unknown;
      server.use(
        http.post(
          `${entityUrl(name)}/triage/failures/41/defect-link`,
          async ({ request }) => {
            body = await request.json();
            next([
              {
                ...classified,
                state: {
                  ...classified.state,
                  status: 'defect-filed',
                  defect: {
                    url: 'https://github.com/acme/payments-api/issues/12',
                    recordedAt: T1,
                    recordedBy: 'user:default/alice',
                  },
                },
              },
            ]);
            return HttpResponse.json({
              state: { status: 'defect-filed' },
              entry: historyEntry({ from: 'classified', to: 'defect-filed' }),
            });
          },
        ),
      );
      const user = await renderAndClick(
        name,
        'File defect for BID-004/TENANT-002',
        'allow',
      );
      const dialog = screen.getByRole('dialog');
      const field = await within(dialog).findByLabelText('Issue URL');
      const record = within(dialog).getByRole('button', {
        name: 'Record defect link for BID-004/TENANT-002',
      });

      await user.click(field);
      await user.paste('ftp://tracker.example.com/issues/12');
      await user.click(record);
      expect(body).toBeUndefined();
      expect(field).toHaveAttribute('aria-invalid', 'true');

      await user.clear(field);
      await user.paste('https://github.com/acme/payments-api/issues/12');
      await user.click(record);

      expect(
        await screen.findByText(
          'Defect of BID-004/TENANT-002 recorded: https://github.com/acme/payments-api/issues/12',
        ),
      ).toBeInTheDocument();
      expect(body).toEqual({
        url: 'https://github.com/acme/payments-api/issues/12',
      });
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      const article = screen.getByRole('article', {
        name: 'BID-004 / TENANT-002',
      });
      await waitFor(() =>
        expect(article).toHaveTextContent(
          'Defect filed: Algorithm regression (issue',
        ),
      );
      expect(
        within(article).getByRole('link', { name: /^issue/ }),
      ).toHaveAttribute(
        'href',
        'https://github.com/acme/payments-api/issues/12',
      );
    });

    it('asks to classify an open failure before recording its issue', async () => {
      const name = 'defect-open';
      serveQueue(name, [onEntity(name, ESCALATED)]);
      serveDefect(name);
      await renderAndClick(name, 'File defect for BID-004/TENANT-002', 'allow');
      expect(
        await screen.findByText(
          /Classify BID-004\/TENANT-002 before recording/,
        ),
      ).toBeInTheDocument();
      expect(screen.queryByLabelText('Issue URL')).toBeNull();
    });
  });

  it('shows the upload command when nothing needs triage', async () => {
    serveQueue('empty', []);
    await renderWithEntity(<TriageQueueSection />, { name: 'empty' });
    expect(
      await screen.findByText('No failures to triage'),
    ).toBeInTheDocument();
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

  it('shows the backend error when the queue cannot be loaded', async () => {
    server.use(
      http.get(`${entityUrl('broken')}/triage/queue`, () =>
        errorResponse(503, 'database is down'),
      ),
    );
    await renderWithEntity(<TriageQueueSection />, { name: 'broken' });
    expect(
      await screen.findByText(
        /Could not load the triage queue: database is down/,
      ),
    ).toBeInTheDocument();
  });

  it("shows a team's queue on a group page, naming each failure's entity", async () => {
    server.use(
      http.get(`${baseUrl}/groups/default/team-payments/triage/queue`, () =>
        HttpResponse.json(
          queue(
            [onEntity('payments-api', ESCALATED), onEntity('ledger', FLAKE)],
            ['component:default/payments-api', 'component:default/ledger'],
          ),
        ),
      ),
    );
    await renderWithEntity(<TriageQueueSection />, {
      name: 'team-payments',
      kind: 'Group',
    });
    const ledger = await screen.findByRole('article', {
      name: 'NOS-002 / NOTIF-001',
    });
    expect(ledger).toHaveTextContent('Entity');
    expect(
      within(ledger).getByRole('link', { name: /ledger/ }),
    ).toHaveAttribute('href', '/catalog/default/component/ledger');
  });
});
