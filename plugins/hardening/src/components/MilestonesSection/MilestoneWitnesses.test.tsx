import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  MilestoneStatus,
  WITNESSES_CHECKLIST_ITEM,
} from '@hardening/backstage-plugin-hardening-common';
import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { freezeClock } from '../../__testUtils__/clock';
import { milestoneStatus } from '../../__testUtils__/fixtures';
import { listItemNames } from '../../__testUtils__/lists';
import { LoadedMilestonesSection as Section } from '../../__testUtils__/LoadedMilestonesSection';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { checklistItemLabel } from '../../utils/milestones';

const server = setupServer();
registerMswTestHooks(server);
freezeClock();

const WITNESS = 'witness.example.com/release-managers';
const REASON = `${WITNESS} cosigned size 3, not the current size 4: have them run \`hardening chain witness\` on the current checkpoint`;

/** An otherwise green milestone whose required witness has not cosigned the current tree. */
function awaitingWitness(): MilestoneStatus {
  const status = milestoneStatus('M1', 'blocked', { failing: {} });
  return {
    ...status,
    checklist: {
      ...status.checklist,
      items: [
        ...status.checklist.items,
        {
          ...WITNESSES_CHECKLIST_ITEM,
          passed: false,
          reason: REASON,
          evidence: [],
        },
      ],
      witnesses: {
        treeSize: 4,
        required: [{ witness: WITNESS, cosignedSize: 3 }],
      },
    },
  };
}

describe('the witnesses item of the freeze checklist', () => {
  it('shows a missing witness as a failing check with its reason, and the Freeze button names it, before any click', async () => {
    let freezeAttempts = 0;
    server.use(
      http.get(`${entityUrl('witnessed')}/milestones`, () =>
        HttpResponse.json({ items: [awaitingWitness()] }),
      ),
      http.post(`${entityUrl('witnessed')}/milestones/M1/freeze`, () => {
        freezeAttempts++;
        return HttpResponse.json({}, { status: 409 });
      }),
    );
    await renderWithEntity(<Section />, {
      name: 'witnessed',
      permission: 'allow',
    });

    const checklist = await screen.findByRole('list', {
      name: 'Freeze checklist of M1',
    });
    expect(listItemNames(checklist)).toEqual([
      'Required witnesses cosigned the current checkpoint: failed',
      '5 of 6 checks pass',
    ]);
    expect(
      within(checklist).getByRole('listitem', {
        name: 'Required witnesses cosigned the current checkpoint: failed',
      }),
    ).toHaveTextContent(REASON);
    const button = await screen.findByRole('button', { name: 'Freeze M1' });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(
      'M1 can be frozen once every check passes. Failing: Required witnesses cosigned the current checkpoint.',
    );
    expect(freezeAttempts).toBe(0);
  });

  it('has a label where only its id is known (scorecards)', () => {
    expect(checklistItemLabel('witnesses')).toBe(
      'Required witnesses cosigned the current checkpoint',
    );
  });
});
