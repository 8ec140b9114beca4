import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { T1 } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  DEFECT_MARKDOWN,
  defectDraft,
  ESCALATED_ITEM,
  FLAKE_ITEM,
  historyEntry,
  NO_INVARIANT_ITEM,
  onEntity,
} from '../../__testUtils__/triageFixtures';
import {
  setupTriageServer,
  TRIAGE_NOW,
} from '../../__testUtils__/triageServer';
import { TriageQueueSection } from './TriageQueueSection';

const { server, serveQueue } = setupTriageServer();
// Rendering the whole queue with its tables and dialogs is slow on a shared CI machine.
jest.setTimeout(30_000);

/** Renders the queue of `name` and opens the details of each failure named. */
async function renderExpanded(
  name: string,
  labels: string[],
  permission: 'allow' | 'deny' = 'deny',
) {
  const user = userEvent.setup();
  await renderWithEntity(<TriageQueueSection now={TRIAGE_NOW} />, {
    name,
    permission,
  });
  for (const label of labels) {
    await user.click(
      await screen.findByRole('button', { name: `Details of ${label}` }),
    );
  }
  return user;
}

function detailsOf(label: string): HTMLElement {
  return screen.getByRole('region', { name: `Details of ${label}` });
}

describe('triage actions', () => {
  it('shows classify and status controls only to people allowed to triage the entity', async () => {
    serveQueue('denied', [onEntity('denied', ESCALATED_ITEM)]);
    await renderExpanded('denied', ['BID-004/TENANT-002']);
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

  it('draws every action of a failure in one button style', async () => {
    serveQueue('style', [
      onEntity('style', {
        ...FLAKE_ITEM,
        state: { status: 'classified', class: 'flake' },
      }),
    ]);
    await renderExpanded('style', ['NOS-002/NOTIF-001'], 'allow');
    const details = detailsOf('NOS-002/NOTIF-001');
    const buttons = [
      await within(details).findByRole('button', {
        name: 'Classify NOS-002/NOTIF-001',
      }),
      within(details).getByRole('button', {
        name: 'Mark NOS-002/NOTIF-001 fixed',
      }),
      within(details).getByRole('button', {
        name: "Mark NOS-002/NOTIF-001 won't fix",
      }),
      within(details).getByRole('button', {
        name: 'File defect for NOS-002/NOTIF-001',
      }),
      within(details).getByRole('button', {
        name: 'History of NOS-002/NOTIF-001',
      }),
    ];
    for (const button of buttons) {
      expect(button).toHaveClass(
        'MuiButton-outlined',
        'MuiButton-outlinedPrimary',
        'MuiButton-outlinedSizeSmall',
      );
    }
  });

  it('names the button of a failure without both ids by its failure id', async () => {
    serveQueue('allowed', [
      onEntity('allowed', ESCALATED_ITEM),
      onEntity('allowed', NO_INVARIANT_ITEM),
    ]);
    await renderExpanded('allowed', ['BID-004/TENANT-002', '44'], 'allow');
    expect(
      await screen.findByRole('button', {
        name: 'Classify BID-004/TENANT-002',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Classify 44' }),
    ).toBeVisible();
    // Open failures cannot be closed before they are classified.
    expect(screen.queryByRole('button', { name: /^Mark / })).toBeNull();
  });

  it('classifies a failure with the suggested class preselected, then shows it reloaded', async () => {
    const name = 'classify';
    const item = onEntity(name, FLAKE_ITEM);
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
    const user = await renderExpanded(name, ['NOS-002/NOTIF-001'], 'allow');
    await user.click(
      await screen.findByRole('button', { name: 'Classify NOS-002/NOTIF-001' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Classify NOS-002/NOTIF-001',
    });
    expect(dialog).toHaveTextContent(
      'Suggested: Flake, from its history: it failed in some integration runs',
    );
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
    const row = screen
      .getByRole('button', { name: 'Details of NOS-002/NOTIF-001' })
      .closest('tr') as HTMLElement;
    await waitFor(() => expect(row).toHaveTextContent('Classified'));
    expect(row).toHaveTextContent('Flake');
    expect(row).not.toHaveTextContent('(suggested)');
    // The details stay open across the reload, with the actions of the new status.
    const details = detailsOf('NOS-002/NOTIF-001');
    expect(
      await within(details).findByRole('button', {
        name: 'Mark NOS-002/NOTIF-001 fixed',
      }),
    ).toBeInTheDocument();
  });

  it('shows the backend reason when a status change is refused', async () => {
    const name = 'refused';
    serveQueue(name, [
      onEntity(name, {
        ...FLAKE_ITEM,
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
    const user = await renderExpanded(name, ['NOS-002/NOTIF-001'], 'allow');
    await user.click(
      await screen.findByRole('button', {
        name: "Mark NOS-002/NOTIF-001 won't fix",
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Status change of NOS-002/NOTIF-001 refused: the failure changed meanwhile: reload and try again',
    );
  });

  it('shows the status history of a failure, oldest first, with people by name', async () => {
    const name = 'history';
    const item = onEntity(name, {
      ...FLAKE_ITEM,
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
            historyEntry({
              from: 'fixed',
              to: 'open',
              class: undefined,
              by: 'plugin:hardening',
            }),
          ],
        }),
      ),
    );
    const user = await renderExpanded(name, ['NOS-002/NOTIF-001']);
    await user.click(
      screen.getByRole('button', { name: 'History of NOS-002/NOTIF-001' }),
    );
    const list = await screen.findByRole('list', {
      name: 'Triage history of NOS-002/NOTIF-001',
    });
    const entries = within(list).getAllByRole('listitem');
    expect(entries.map(entry => entry.textContent)).toEqual([
      '2 hours ago: Open → Classified, class Flake by alice — “passed on retry”',
      '2 hours ago: Classified → Defect filed by bob, issue https://github.com/acme/payments-api/issues/12, Opens in a new window',
      '2 hours ago: Fixed → Open by the portal',
    ]);
  });

  describe('filing a defect', () => {
    // One entity per test: permission answers are cached per resource ref.
    const classifiedOn = (name: string) =>
      onEntity(name, {
        ...ESCALATED_ITEM,
        state: { status: 'classified', class: 'algorithm-regression' },
      });

    function serveDefect(name: string) {
      server.use(
        http.get(`${entityUrl(name)}/triage/failures/41/defect`, () =>
          HttpResponse.json(defectDraft()),
        ),
      );
    }

    async function openDefect(
      name: string,
      permission: 'allow' | 'deny' = 'deny',
    ) {
      const user = await renderExpanded(
        name,
        ['BID-004/TENANT-002'],
        permission,
      );
      await user.click(
        await screen.findByRole('button', {
          name: 'File defect for BID-004/TENANT-002',
        }),
      );
      return user;
    }

    it('copies the Markdown and links to a prefilled issue in the tracker', async () => {
      const name = 'defect-copy';
      serveQueue(name, [classifiedOn(name)]);
      serveDefect(name);
      const user = await openDefect(name);
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
      // Not allowed to triage: no field to record the issue, and the entity by name.
      expect(within(dialog).queryByLabelText('Issue URL')).toBeNull();
      expect(dialog).toHaveTextContent(
        'Someone allowed to triage defect-copy records the issue here',
      );
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
      const user = await openDefect(name, 'allow');
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
      const row = screen
        .getByRole('button', { name: 'Details of BID-004/TENANT-002' })
        .closest('tr') as HTMLElement;
      await waitFor(() => expect(row).toHaveTextContent('Defect filed'));
      expect(within(row).getByRole('link', { name: /^issue/ })).toHaveAttribute(
        'href',
        'https://github.com/acme/payments-api/issues/12',
      );
    });

    it('asks to classify an open failure before recording its issue', async () => {
      const name = 'defect-open';
      serveQueue(name, [onEntity(name, ESCALATED_ITEM)]);
      serveDefect(name);
      await openDefect(name, 'allow');
      expect(
        await screen.findByText(
          /Classify BID-004\/TENANT-002 before recording/,
        ),
      ).toBeInTheDocument();
      expect(screen.queryByLabelText('Issue URL')).toBeNull();
    });
  });
});
