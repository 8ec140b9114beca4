import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { freezeClock } from '../../__testUtils__/clock';
import { listItemNames } from '../../__testUtils__/lists';
import { HASH_B, milestoneStatus, T0, T1 } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { LoadedMilestonesSection as Section } from '../../__testUtils__/LoadedMilestonesSection';

const server = setupServer();
registerMswTestHooks(server);
freezeClock();

function milestones(name: string, ...items: unknown[]) {
  server.use(
    http.get(`${entityUrl(name)}/milestones`, () =>
      HttpResponse.json({ items }),
    ),
  );
}

describe('MilestonesSection', () => {
  it('shows the failing checks first with their reason and evidence, the passing ones folded into one line', async () => {
    milestones(
      'checklist',
      milestoneStatus('M1', 'blocked', {
        failing: {
          stress: 'p95 of phase "write" is 640 ms, above the limit of 500 ms',
          tag: 'tag milestone/m1-hardened was not reported',
        },
      }),
    );
    await renderWithEntity(<Section />, { name: 'checklist' });

    expect(
      await screen.findByRole('heading', { name: 'Milestones' }),
    ).toBeInTheDocument();
    const checklist = await screen.findByRole('list', {
      name: 'Freeze checklist of M1',
    });
    expect(listItemNames(checklist)).toEqual([
      'Stress run within thresholds: failed',
      'Milestone tag reported: failed',
      '3 of 5 checks pass',
    ]);
    expect(checklist).toHaveTextContent(
      'p95 of phase "write" is 640 ms, above the limit of 500 ms',
    );
    expect(
      within(checklist).getByRole('link', {
        name: /^stress run received/,
      }),
    ).toHaveAttribute('href', '/#hardening-stress-runs');
    // The evidence reads as words: no cut report id, the time relative.
    expect(checklist).toHaveTextContent('stress run received 2 days ago');
    expect(checklist).not.toHaveTextContent('11111111');
    expect(
      within(checklist).getByRole('listitem', { name: '3 of 5 checks pass' }),
    ).toHaveTextContent(
      '3 of 5 checks pass: Contract gates active and passing, E2E coverage of happy and security paths, Required CI gates green',
    );
    expect(
      screen.queryByRole('list', { name: 'Passing checks of M1' }),
    ).not.toBeInTheDocument();

    const show = screen.getByRole('button', {
      name: 'Show passing checks of M1',
    });
    expect(show).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(show);
    const passing = screen.getByRole('list', { name: 'Passing checks of M1' });
    expect(listItemNames(passing)).toEqual([
      'Contract gates active and passing: passed',
      'E2E coverage of happy and security paths: passed',
      'Required CI gates green: passed',
    ]);
    expect(
      screen.getByRole('button', { name: 'Hide passing checks of M1' }),
    ).toHaveAttribute('aria-expanded', 'true');
    expect(
      screen.getByText('milestone/m1-hardened', { selector: 'code' }),
    ).toBeInTheDocument();
  });

  it('says so when every check passes, in one line', async () => {
    milestones('all-green', milestoneStatus('M1', 'ready'));
    await renderWithEntity(<Section />, { name: 'all-green' });
    const checklist = await screen.findByRole('list', {
      name: 'Freeze checklist of M1',
    });
    expect(listItemNames(checklist)).toEqual(['All 5 checks pass']);
  });

  it('lists the milestones newest first', async () => {
    milestones(
      'ordered',
      milestoneStatus('M3.2', 'frozen', { createdAt: T0 }),
      milestoneStatus('M3.10', 'ready', { createdAt: T1 }),
      milestoneStatus('M3.9', 'blocked', { createdAt: T1 }),
    );
    await renderWithEntity(<Section />, { name: 'ordered' });
    await screen.findByRole('article', { name: 'M3.2 · Milestone M3.2' });
    expect(
      screen.getAllByRole('article').map(a => a.getAttribute('id')),
    ).toEqual([
      'hardening-milestone-M3.10',
      'hardening-milestone-M3.9',
      'hardening-milestone-M3.2',
    ]);
  });

  it('shows a regression after the freeze as a status, with the freeze record in words', async () => {
    milestones('regressed', milestoneStatus('M1', 'regressed'));
    await renderWithEntity(<Section />, { name: 'regressed' });
    expect(
      await screen.findByRole('status', {
        name: 'M1 freeze status: Regressed',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Regressed after its freeze').closest('p'),
    ).toHaveTextContent(
      'Regressed after its freeze yesterday: Stress run within thresholds (p95 above the limit)',
    );
    const record = screen.getByText(/^Frozen as/).closest('div')!;
    expect(record).toHaveTextContent(
      'Frozen as milestone/m1-hardened 2 days ago by guest; audit chain entry bbbbbbbbbbbb',
    );
    expect(record).not.toHaveTextContent(HASH_B);
    expect(
      within(record).getByRole('button', {
        name: 'Copy audit chain entry hash of the M1 freeze',
      }),
    ).toBeInTheDocument();
  });

  it('tells how to define the first milestone', async () => {
    milestones('empty');
    await renderWithEntity(<Section />, { name: 'empty' });
    expect(
      await screen.findByText('No milestones defined'),
    ).toBeInTheDocument();
    // This user sees no New milestone button, and is not told about one.
    expect(
      screen.getByText(/An owner of this component defines one in this tab/),
    ).not.toHaveTextContent('New milestone');
    await waitFor(() =>
      expect(
        screen.getByLabelText('Upload command: No milestones defined'),
      ).toHaveTextContent(
        'curl --fail-with-body -X PUT \\ -H "Authorization: Bearer $HARDENING_MANAGE_TOKEN" \\ -H \'Content-Type: application/json\' \\ --data-binary @milestone.json \\ "http://backend.test/api/hardening/entities/component/default/empty/milestones/M1"',
      ),
    );
  });

  it('shows the error when the milestones cannot be loaded', async () => {
    server.use(
      http.get(`${entityUrl('broken')}/milestones`, () =>
        errorResponse(500, 'database is down'),
      ),
    );
    await renderWithEntity(<Section />, { name: 'broken' });
    expect(
      await screen.findByText(/Could not load the milestones/),
    ).toBeInTheDocument();
  });

  it('names the New milestone button to the people who see it', async () => {
    milestones('empty-owner');
    await renderWithEntity(<Section />, {
      name: 'empty-owner',
      permission: 'allow',
    });
    expect(
      await screen.findByText(/Define one with New milestone above/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'New milestone' }),
    ).toBeInTheDocument();
  });

  describe('freeze, edit and new milestone buttons', () => {
    it('are not shown to a user who may not manage the milestones', async () => {
      milestones('denied', milestoneStatus('M1', 'ready'));
      await renderWithEntity(<Section />, {
        name: 'denied',
        permission: 'deny',
      });
      await screen.findByRole('status', {
        name: 'M1 freeze status: Ready to freeze',
      });
      await waitFor(() =>
        expect(
          screen.queryByRole('button', { name: 'Freeze M1' }),
        ).not.toBeInTheDocument(),
      );
      expect(
        screen.queryByRole('button', { name: 'Edit M1' }),
      ).not.toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'New milestone' }),
      ).not.toBeInTheDocument();
    });

    it('are shown to an allowed user, Freeze on every milestone that is not frozen', async () => {
      milestones(
        'allowed',
        milestoneStatus('M1', 'frozen'),
        milestoneStatus('M2', 'blocked'),
        milestoneStatus('M3', 'ready'),
        milestoneStatus('M4', 'regressed'),
      );
      await renderWithEntity(<Section />, {
        name: 'allowed',
        permission: 'allow',
      });
      expect(
        await screen.findByRole('button', { name: 'Freeze M3' }),
      ).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Freeze M3' })).toBeEnabled();
      // Blocked and regressed: shown, but disabled until every check passes.
      expect(screen.getByRole('button', { name: 'Freeze M2' })).toBeDisabled();
      expect(screen.getByRole('button', { name: 'Freeze M4' })).toBeDisabled();
      expect(
        screen.queryByRole('button', { name: 'Freeze M1' }),
      ).not.toBeInTheDocument();
      // Every milestone can be edited, a frozen one too.
      for (const id of ['M1', 'M2', 'M3', 'M4']) {
        expect(
          screen.getByRole('button', { name: `Edit ${id}` }),
        ).toBeInTheDocument();
      }
      expect(
        screen.getByRole('button', { name: 'New milestone' }),
      ).toBeInTheDocument();
    });
  });

  describe('the Freeze button of a milestone with failing checks', () => {
    it('is disabled, and its tooltip and description name the failing checks', async () => {
      milestones(
        'freeze-blocked',
        milestoneStatus('M2', 'blocked', {
          failing: {
            stress: 'p95 of phase "write" is 640 ms',
            tag: 'not reported',
          },
        }),
      );
      await renderWithEntity(<Section />, {
        name: 'freeze-blocked',
        permission: 'allow',
      });
      const button = await screen.findByRole('button', { name: 'Freeze M2' });
      expect(button).toBeDisabled();
      const blockers =
        'M2 can be frozen once every check passes. Failing: Stress run within thresholds, Milestone tag reported.';
      // Screen readers read the blockers with the button; keyboard users find them too.
      expect(button).toHaveAccessibleDescription(blockers);

      // A disabled button fires no mouse events: the tooltip listens on its wrapper.
      await userEvent.hover(button.parentElement!);
      expect(await screen.findByRole('tooltip')).toHaveTextContent(blockers);
    });

    it('is enabled when every check passes', async () => {
      milestones('freeze-green', milestoneStatus('M1', 'ready'));
      await renderWithEntity(<Section />, {
        name: 'freeze-green',
        permission: 'allow',
      });
      const button = await screen.findByRole('button', { name: 'Freeze M1' });
      expect(button).toBeEnabled();
      expect(button).not.toHaveAttribute('aria-describedby');
    });
  });

  describe('freezing', () => {
    it('asks for confirmation, then shows the recorded tag and chain hash', async () => {
      let frozen = false;
      const ready = milestoneStatus('M1', 'ready');
      const after = milestoneStatus('M1', 'frozen');
      server.use(
        http.get(`${entityUrl('freeze-ok')}/milestones`, () =>
          HttpResponse.json({ items: [frozen ? after : ready] }),
        ),
        http.post(`${entityUrl('freeze-ok')}/milestones/M1/freeze`, () => {
          frozen = true;
          return HttpResponse.json(
            { ...after, freeze: after.milestone.freeze },
            { status: 201 },
          );
        }),
      );
      await renderWithEntity(<Section />, {
        name: 'freeze-ok',
        permission: 'allow',
      });

      await userEvent.click(
        await screen.findByRole('button', { name: 'Freeze M1' }),
      );
      const dialog = await screen.findByRole('dialog', { name: 'Freeze M1?' });
      expect(dialog).toHaveTextContent('milestone/m1-hardened');
      expect(frozen).toBe(false);
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Confirm freeze of M1' }),
      );

      const recorded = await screen.findByRole('status', {
        name: 'Freeze of M1 recorded',
      });
      expect(recorded).toHaveTextContent(
        'M1 frozen as tag milestone/m1-hardened 2 days ago by guest.',
      );
      expect(recorded).toHaveTextContent(
        'Release audit chain entry: bbbbbbbbbbbb',
      );
      expect(
        within(recorded).getByRole('button', {
          name: 'Copy audit chain entry hash',
        }),
      ).toBeInTheDocument();
      expect(
        await screen.findByRole('status', { name: 'M1 freeze status: Frozen' }),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(
          screen.queryByRole('button', { name: 'Freeze M1' }),
        ).not.toBeInTheDocument(),
      );
    });

    it('shows the reason the backend gives when it refuses', async () => {
      // The page showed every check green; the backend judges the evidence it has now.
      milestones('freeze-refused', milestoneStatus('M2', 'ready'));
      server.use(
        http.post(`${entityUrl('freeze-refused')}/milestones/M2/freeze`, () =>
          errorResponse(
            409,
            'M2 cannot be frozen: Stress run within thresholds: p95 of phase "write" is 640 ms, above the limit of 500 ms',
            'FreezeRefusedError',
          ),
        ),
      );
      await renderWithEntity(<Section />, {
        name: 'freeze-refused',
        permission: 'allow',
      });

      await userEvent.click(
        await screen.findByRole('button', { name: 'Freeze M2' }),
      );
      await userEvent.click(
        await screen.findByRole('button', { name: 'Confirm freeze of M2' }),
      );
      expect(
        await screen.findByRole('alert', { name: 'Freeze of M2 refused' }),
      ).toHaveTextContent(
        'Freeze refused: M2 cannot be frozen: Stress run within thresholds: p95 of phase "write" is 640 ms, above the limit of 500 ms',
      );
    });

    it('can be cancelled without asking the backend', async () => {
      let posted = false;
      milestones('freeze-cancel', milestoneStatus('M1', 'ready'));
      server.use(
        http.post(`${entityUrl('freeze-cancel')}/milestones/M1/freeze`, () => {
          posted = true;
          return HttpResponse.json({}, { status: 500 });
        }),
      );
      await renderWithEntity(<Section />, {
        name: 'freeze-cancel',
        permission: 'allow',
      });
      await userEvent.click(
        await screen.findByRole('button', { name: 'Freeze M1' }),
      );
      await userEvent.click(
        await screen.findByRole('button', { name: 'Cancel' }),
      );
      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      expect(posted).toBe(false);
    });
  });
});
