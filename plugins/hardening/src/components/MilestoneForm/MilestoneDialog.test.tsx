import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { MilestoneStatus } from '@hardening/backstage-plugin-hardening-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { milestoneStatus } from '../../__testUtils__/fixtures';
import { listItemNames } from '../../__testUtils__/lists';
import {
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { LoadedMilestonesSection as Section } from '../../__testUtils__/LoadedMilestonesSection';

jest.setTimeout(30_000);

const server = setupServer();
registerMswTestHooks(server);

type Put = { url: string; body: unknown };

/**
 * A backend holding `initial` for entity `name`: a PUT is recorded and answered with
 * `answer` (or the error it returns), and a successful one adds or replaces the
 * milestone in the list.
 */
function backend(
  name: string,
  initial: MilestoneStatus[],
  answer: (id: string) => MilestoneStatus | Response,
) {
  const items = [...initial];
  const puts: Put[] = [];
  server.use(
    http.get(`${entityUrl(name)}/milestones`, () =>
      HttpResponse.json({ items }),
    ),
    http.put(
      `${entityUrl(name)}/milestones/:id`,
      async ({ request, params }) => {
        puts.push({ url: request.url, body: await request.json() });
        const result = answer(String(params.id));
        if (result instanceof Response) return result;
        const at = items.findIndex(i => i.milestone.id === params.id);
        if (at >= 0) items[at] = result;
        else items.push(result);
        return HttpResponse.json(result, { status: at >= 0 ? 200 : 201 });
      },
    ),
  );
  return puts;
}

async function openDialog(button: string, dialogName: string) {
  await userEvent.click(await screen.findByRole('button', { name: button }));
  return screen.findByRole('dialog', { name: dialogName });
}

/**
 * Replaces a field's text as a paste: one input event instead of one per character, so
 * that a slow CI machine does not time the test out while keys are still being typed
 * (they would then land in the next test's fields).
 */
async function retype(dialog: HTMLElement, label: string, text: string) {
  const field = within(dialog).getByRole('textbox', { name: label });
  await userEvent.clear(field);
  if (text) await userEvent.paste(text);
}

describe('MilestoneDialog', () => {
  // Hidden without the permission: see MilestonesSection.test.tsx.
  it('creates a milestone, sends the ratio and the lists, then lists its checklist', async () => {
    const puts = backend('form-create', [milestoneStatus('M1', 'ready')], id =>
      milestoneStatus(id, 'blocked'),
    );
    await renderWithEntity(<Section />, {
      name: 'form-create',
      permission: 'allow',
    });

    const dialog = await openDialog('New milestone', 'New milestone');
    await retype(dialog, 'Milestone id', 'M5');
    await retype(dialog, 'Title', 'Payouts: hardening slice');
    await userEvent.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Stage' }),
      'hardening-slice',
    );
    await retype(dialog, 'p95 limit (ms)', '250');
    await retype(dialog, 'Error-rate limit (%)', '0.5');
    await retype(
      dialog,
      'Contract gate ids',
      'security.auth-before-db, tenant.where-tenant-id',
    );
    await retype(dialog, 'Required gates', 'lint build,sbom');
    expect(
      within(dialog).getByRole('textbox', { name: 'Tag pattern' }),
    ).toHaveAccessibleDescription(
      '{id} stands for the lower-cased milestone id; the tag to report: milestone/m5-hardened',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save milestone' }),
    );

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(puts).toEqual([
      {
        url: `${entityUrl('form-create')}/milestones/M5`,
        body: {
          title: 'Payouts: hardening slice',
          stage: 'hardening-slice',
          thresholds: {
            p95LimitMs: 250,
            errorRateLimit: 0.005,
            contractGateIds: [
              'security.auth-before-db',
              'tenant.where-tenant-id',
            ],
            e2eTags: ['e2e:happy', 'e2e:security'],
            requiredGates: ['lint', 'build', 'sbom'],
          },
          tagPattern: 'milestone/{id}-hardened',
        },
      },
    ]);
    expect(
      screen.getByRole('status', { name: 'Milestone M5 saved' }),
    ).toHaveTextContent('M5 created: Blocked. Its checklist is below.');
    const checklist = await screen.findByRole('list', {
      name: 'Freeze checklist of M5',
    });
    // The failing check first, the four passing ones folded into one line.
    expect(listItemNames(checklist)).toEqual([
      'Stress run within thresholds: failed',
      '4 of 5 checks pass',
    ]);
    expect(
      screen.getByRole('status', { name: 'M5 freeze status: Blocked' }),
    ).toBeInTheDocument();
  });

  it('edits a milestone under its own id, starting from its values', async () => {
    const m1 = milestoneStatus('M1', 'ready');
    m1.milestone.thresholds = {
      ...m1.milestone.thresholds,
      errorRateLimit: 0.001,
      contractGateIds: ['security.auth-before-db'],
    };
    const puts = backend('form-edit', [m1], id => {
      const edited = milestoneStatus(id, 'ready');
      edited.milestone.title = 'Renamed';
      return edited;
    });
    await renderWithEntity(<Section />, {
      name: 'form-edit',
      permission: 'allow',
    });

    const dialog = await openDialog('Edit M1', 'Edit M1');
    const id = within(dialog).getByRole('textbox', { name: 'Milestone id' });
    expect(id).toHaveValue('M1');
    expect(id).toHaveAttribute('readonly');
    expect(
      within(dialog).getByRole('textbox', { name: 'Error-rate limit (%)' }),
    ).toHaveValue('0.1');
    expect(within(dialog).getByRole('combobox', { name: 'Stage' })).toHaveValue(
      'hardening-slice',
    );
    await retype(dialog, 'Title', 'Renamed');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save M1' }),
    );

    await waitFor(() => expect(dialog).not.toBeInTheDocument());
    expect(puts).toEqual([
      {
        url: `${entityUrl('form-edit')}/milestones/M1`,
        body: {
          title: 'Renamed',
          stage: 'hardening-slice',
          thresholds: {
            p95LimitMs: 500,
            errorRateLimit: 0.001,
            contractGateIds: ['security.auth-before-db'],
            e2eTags: ['e2e:happy', 'e2e:security'],
            requiredGates: ['lint', 'build'],
          },
          tagPattern: 'milestone/{id}-hardened',
        },
      },
    ]);
    expect(
      screen.getByRole('status', { name: 'Milestone M1 saved' }),
    ).toHaveTextContent('M1 updated: Ready to freeze.');
    expect(
      await screen.findByRole('heading', { name: 'M1 · Renamed' }),
    ).toBeInTheDocument();
  });

  it('shows the problems under the fields and sends nothing', async () => {
    const puts = backend('form-invalid', [milestoneStatus('M1', 'ready')], id =>
      milestoneStatus(id, 'ready'),
    );
    await renderWithEntity(<Section />, {
      name: 'form-invalid',
      permission: 'allow',
    });

    const dialog = await openDialog('New milestone', 'New milestone');
    await retype(dialog, 'Milestone id', 'm1');
    await retype(dialog, 'p95 limit (ms)', 'fast');
    await retype(dialog, 'Error-rate limit (%)', '150');
    await retype(dialog, 'E2E tags', 'e2e:happy E2E:Happy');
    await retype(dialog, 'Required gates', '');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Save milestone' }),
    );

    const field = (label: string) =>
      within(dialog).getByRole(label === 'Stage' ? 'combobox' : 'textbox', {
        name: label,
      });
    expect(field('Milestone id')).toHaveAccessibleDescription(
      'M1 already exists: use its Edit button to change it',
    );
    expect(field('Title')).toHaveAccessibleDescription(
      'enter a title of at most 200 characters',
    );
    expect(field('Stage')).toHaveAccessibleDescription('choose a stage');
    expect(field('p95 limit (ms)')).toHaveAccessibleDescription(
      'enter a p95 limit in milliseconds, above 0 and at most 86400000',
    );
    expect(field('Error-rate limit (%)')).toHaveAccessibleDescription(
      'enter a percentage from 0 to 100',
    );
    expect(field('E2E tags')).toHaveAccessibleDescription(
      '"E2E:Happy": tags are lower-case words joined by ":", e.g. e2e:happy',
    );
    expect(field('Required gates')).toHaveAccessibleDescription(
      'list at least one gate (at most 100), e.g. lint',
    );
    expect(field('Title')).toHaveAttribute('aria-invalid', 'true');
    expect(field('Tag pattern')).toHaveAttribute('aria-invalid', 'false');

    // Fixing a field clears its message.
    await retype(dialog, 'Title', 'Payouts');
    expect(field('Title')).toHaveAccessibleDescription(
      'What the milestone delivers',
    );
    expect(puts).toEqual([]);
    expect(dialog).toBeInTheDocument();
  });

  it.each([
    [409, 'M1 was changed by someone else: reload and try again'],
    [
      400,
      'thresholds.contractGateIds: gate security.nope is not in the contract',
    ],
    [403, 'You are not allowed to manage the milestones of this entity'],
  ])(
    'shows the backend’s message on a %i and keeps the dialog open',
    async (status, message) => {
      const name = `form-refused-${status}`;
      backend(name, [milestoneStatus('M1', 'blocked')], () =>
        errorResponse(status, message),
      );
      await renderWithEntity(<Section />, { name, permission: 'allow' });

      const dialog = await openDialog('Edit M1', 'Edit M1');
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Save M1' }),
      );

      expect(await within(dialog).findByRole('alert')).toHaveTextContent(
        `Could not save the milestone: ${message}`,
      );
      expect(
        within(dialog).getByRole('button', { name: 'Save M1' }),
      ).toBeEnabled();
      expect(
        screen.queryByRole('status', { name: 'Milestone M1 saved' }),
      ).not.toBeInTheDocument();
    },
  );

  it('warns that editing a frozen milestone can regress it', async () => {
    backend('form-frozen', [milestoneStatus('M1', 'frozen')], id =>
      milestoneStatus(id, 'frozen'),
    );
    await renderWithEntity(<Section />, {
      name: 'form-frozen',
      permission: 'allow',
    });
    const dialog = await openDialog('Edit M1', 'Edit M1');
    expect(dialog).toHaveTextContent(
      'M1 is frozen: if the new limits turn a checklist item red, it is marked regressed and its owners are notified.',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(dialog).not.toBeInTheDocument());
  });
});
