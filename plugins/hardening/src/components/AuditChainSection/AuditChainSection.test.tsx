import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import { AuditChainAction } from '@hardening/backstage-plugin-hardening-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { T0 } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import { AuditChainSection } from './AuditChainSection';

const server = setupServer();
registerMswTestHooks(server);

const ACTIONS: AuditChainAction[] = [
  'verify',
  'migrate',
  'build',
  'canary',
  'promote',
  'rollback',
  'freeze',
];

function hash(seq: number) {
  return String(seq).padStart(64, '0').replace(/^0/, 'f');
}

function entries(from: number, to: number) {
  return ACTIONS.slice(from, to).map((action, i) => ({
    seq: from + i,
    reportId: 'r-1',
    entry: {
      action,
      timestamp: T0,
      actor: 'release-bot',
      details: { image: 'payments-api:1.4.0' },
      prevHash: from + i === 0 ? '0'.repeat(64) : hash(from + i - 1),
      hash: hash(from + i),
    },
  }));
}

const head = { seq: 6, hash: hash(6), verifiedAt: T0 };

describe('AuditChainSection', () => {
  it('shows a verified chain as a timeline, a page at a time', async () => {
    server.use(
      http.get(`${entityUrl()}/audit-chain/verify`, () =>
        HttpResponse.json({ ok: true, length: 7, head }),
      ),
      http.get(`${entityUrl()}/audit-chain`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        return HttpResponse.json(
          cursor === 'page-2'
            ? { items: entries(5, 7), head }
            : { items: entries(0, 5), head, nextCursor: 'page-2' },
        );
      }),
    );
    await renderWithEntity(<AuditChainSection />);

    expect(
      await screen.findByText(
        /Chain verified: 7 entries, head seq 6 \(hash f00000000000…\)/,
      ),
    ).toBeInTheDocument();
    const timeline = screen.getByRole('list', {
      name: 'Release audit chain timeline',
    });
    expect(
      within(timeline)
        .getAllByRole('listitem')
        .map(item => item.getAttribute('aria-label')),
    ).toEqual([
      'seq 0: verify',
      'seq 1: migrate',
      'seq 2: build',
      'seq 3: canary',
      'seq 4: promote',
    ]);
    expect(timeline).toHaveTextContent('image: payments-api:1.4.0');

    await userEvent.click(
      screen.getByRole('button', { name: 'Show the next 200 entries' }),
    );
    expect(
      await within(timeline).findByLabelText('seq 6: freeze'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Showing 7 of 7 entries, oldest first.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Show the next 200 entries' }),
    ).not.toBeInTheDocument();
  });

  it('names the exact entry and reason where the chain is broken', async () => {
    server.use(
      http.get(`${entityUrl()}/audit-chain/verify`, () =>
        HttpResponse.json({
          ok: false,
          length: 5,
          head,
          break: {
            ok: false,
            index: 3,
            seq: 3,
            reason: 'hash-mismatch',
            expected: 'c'.repeat(64),
            actual: hash(3),
            message:
              'its content hashes to cccccccccccc…, not to its hash f00000000003…: the entry was changed after it was written',
          },
        }),
      ),
      http.get(`${entityUrl()}/audit-chain`, () =>
        HttpResponse.json({ items: entries(0, 5), head }),
      ),
    );
    await renderWithEntity(<AuditChainSection />);

    const alert = await screen.findByRole('alert', {
      name: 'Chain verification',
    });
    expect(alert).toHaveTextContent(
      'Chain broken at seq 3: hash-mismatch (an entry was changed after it was written)',
    );
    expect(alert).toHaveTextContent(
      'Entry seq 3: its content hashes to cccccccccccc…, not to its hash f00000000003…',
    );
    expect(
      screen.getByLabelText('seq 3: canary (chain breaks here)'),
    ).toHaveAttribute('aria-current', 'step');
  });
});
