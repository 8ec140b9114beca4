import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { HASH_B, milestoneStatus } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { LoadedMilestonesSection as Section } from '../../__testUtils__/LoadedMilestonesSection';

const server = setupServer();
registerMswTestHooks(server);

function milestones(name: string, ...items: unknown[]) {
  server.use(
    http.get(`${entityUrl(name)}/milestones`, () =>
      HttpResponse.json({ items }),
    ),
  );
}

describe('MilestonesSection', () => {
  it('shows every checklist item with pass or fail, its reason and its evidence', async () => {
    milestones('checklist', milestoneStatus('M1', 'blocked'));
    await renderWithEntity(<Section />, { name: 'checklist' });

    expect(
      await screen.findByRole('heading', { name: 'Milestones' }),
    ).toBeInTheDocument();
    const checklist = await screen.findByRole('list', {
      name: 'Freeze checklist of M1',
    });
    expect(
      within(checklist)
        .getAllByRole('listitem')
        .map(item => item.getAttribute('aria-label')),
    ).toEqual([
      'Contract gates active and passing: passed',
      'Stress run within thresholds: failed',
      'E2E coverage of happy and security paths: passed',
      'Required CI gates green: passed',
      'Milestone tag reported: passed',
    ]);
    expect(checklist).toHaveTextContent(
      'p95 of phase "write" is 640 ms, above the limit of 500 ms',
    );
    expect(
      within(checklist).getByRole('link', { name: /stress run/ }),
    ).toHaveAttribute('href', '/#hardening-stress-runs');
    expect(screen.getByText(/milestone\/m1-hardened/)).toBeInTheDocument();
  });

  it('shows the freeze record and the regression of a regressed milestone', async () => {
    milestones('regressed', milestoneStatus('M1', 'regressed'));
    await renderWithEntity(<Section />, { name: 'regressed' });
    expect(
      await screen.findByRole('status', {
        name: 'M1 freeze status: Regressed',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(HASH_B)).toBeInTheDocument();
    expect(
      screen.getByText(/Regressed on 2026-11-21 10:00 UTC/),
    ).toHaveTextContent('Stress run within thresholds (p95 above the limit)');
  });

  it('tells how to define the first milestone', async () => {
    milestones('empty');
    await renderWithEntity(<Section />, { name: 'empty' });
    expect(
      await screen.findByText('No milestones defined'),
    ).toBeInTheDocument();
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
      expect(
        screen.getByRole('button', { name: 'Freeze M2' }),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Freeze M4' }),
      ).toBeInTheDocument();
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
        /^M1 frozen as tag milestone\/m1-hardened .+ by guest\./,
      );
      expect(recorded.querySelector('time')).toHaveAttribute(
        'dateTime',
        '2026-11-20T10:00:00.000Z',
      );
      // The chain entry's hash, shortened, with a button that copies all of it.
      expect(recorded).toHaveTextContent(HASH_B.slice(0, 12));
      expect(
        within(recorded).getByRole('button', {
          name: 'Copy hash of the release audit chain entry',
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
      milestones('freeze-refused', milestoneStatus('M2', 'blocked'));
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
      expect(
        screen.getByRole('status', { name: 'M2 freeze status: Blocked' }),
      ).toBeInTheDocument();
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
