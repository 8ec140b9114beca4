import { registerMswTestHooks } from '@backstage/frontend-test-utils';
import {
  AuditChainAction,
  StoredAuditChainVerification,
} from '@hardening/backstage-plugin-hardening-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { T0 } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  errorResponse,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  buildLog,
  transparencyHandlers,
} from '../../__testUtils__/transparencyLog';
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

/** A stored chain of 25 entries: a year of releases in miniature. */
const LENGTH = 25;
const HEAD_SEQ = LENGTH - 1;

/** A hash whose first 12 digits (what the page shows) name its seq: f00000000024… */
function hash(seq: number) {
  return String(seq).padStart(12, '0').replace(/^0/, 'f').padEnd(64, 'e');
}

const actionOf = (seq: number) => ACTIONS[seq % ACTIONS.length];

/** The stored entries from seq `from` down to seq `to`, newest first. */
function newestFirst(from: number, to: number) {
  const items = [];
  for (let seq = from; seq >= to; seq--) {
    items.push({
      seq,
      reportId: 'r-1',
      origin: 'upload',
      entry: {
        action: actionOf(seq),
        timestamp: T0,
        actor: 'release-bot',
        details: { image: `payments-api:1.${seq}.0` },
        prevHash: seq === 0 ? '0'.repeat(64) : hash(seq - 1),
        hash: hash(seq),
      },
    });
  }
  return items;
}

const head = { seq: HEAD_SEQ, hash: hash(HEAD_SEQ), verifiedAt: T0 };

/**
 * The backend as the section uses it: the chain newest first, 20 a page, paged on with
 * the cursor of the page before. Any other query is answered with a 400, as the backend
 * would for a cursor sent with the other order.
 */
function serveChain(verification: StoredAuditChainVerification) {
  const requests: string[] = [];
  server.use(
    ...transparencyHandlers(buildLog(newestFirst(HEAD_SEQ, 0))).handlers,
  );
  server.use(
    http.get(`${entityUrl()}/audit-chain/verify`, () =>
      HttpResponse.json(verification),
    ),
    http.get(`${entityUrl()}/audit-chain`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      requests.push(query.toString());
      if (query.get('order') !== 'desc' || query.get('limit') !== '20') {
        return errorResponse(400, 'expected order=desc&limit=20');
      }
      switch (query.get('cursor')) {
        case null:
          return HttpResponse.json({
            items: newestFirst(HEAD_SEQ, HEAD_SEQ - 19),
            head,
            nextCursor: 'below-seq-5',
          });
        case 'below-seq-5':
          return HttpResponse.json({ items: newestFirst(4, 0), head });
        default:
          return errorResponse(400, 'Invalid cursor');
      }
    }),
  );
  return requests;
}

const timelineLabels = () =>
  within(screen.getByRole('list', { name: 'Release audit chain timeline' }))
    .getAllByRole('listitem')
    .map(item => item.getAttribute('aria-label'));

const seqLabel = (seq: number) => `seq ${seq}: ${actionOf(seq)}`;

describe('AuditChainSection', () => {
  it('shows the newest 20 entries first and loads older ones on demand', async () => {
    const requests = serveChain({ ok: true, length: LENGTH, head });
    await renderWithEntity(<AuditChainSection />);

    const status = await screen.findByLabelText('Chain verification');
    expect(status).toHaveTextContent('Chain verified: 25 entries');
    // The newest entry's hash shortened, with a button copying the whole of it.
    expect(status).toHaveTextContent('Newest entry seq 24, hash f00000000024');
    expect(status).not.toHaveTextContent(hash(24));
    expect(
      within(status).getByRole('button', {
        name: 'Copy hash of the newest entry',
      }),
    ).toBeInTheDocument();
    const timeline = screen.getByRole('list', {
      name: 'Release audit chain timeline',
    });
    // The verification comes before the list, whatever its length.
    expect(
      status.compareDocumentPosition(timeline) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(timelineLabels()).toEqual(
      Array.from({ length: 20 }, (_, i) => seqLabel(HEAD_SEQ - i)),
    );
    expect(timeline).toHaveTextContent('image: payments-api:1.24.0');
    expect(
      screen.getByText('Showing 20 of 25 entries, newest first.'),
    ).toBeInTheDocument();
    // Each entry shown is checked against the latest signed checkpoint in the browser.
    expect(
      await within(timeline).findAllByText(
        'Included in checkpoint 25 · verified in your browser',
      ),
    ).toHaveLength(20);

    await userEvent.click(
      screen.getByRole('button', { name: 'Older entries' }),
    );
    expect(
      await within(timeline).findByLabelText('seq 0: verify'),
    ).toBeInTheDocument();
    expect(timelineLabels()).toEqual(
      Array.from({ length: LENGTH }, (_, i) => seqLabel(HEAD_SEQ - i)),
    );
    expect(
      screen.getByText('Showing 25 of 25 entries, newest first.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Older entries' }),
    ).not.toBeInTheDocument();
    expect(requests).toEqual([
      'order=desc&limit=20',
      'order=desc&limit=20&cursor=below-seq-5',
    ]);
  });

  it('names the exact entry and reason where the chain is broken, and where that entry is', async () => {
    serveChain({
      ok: false,
      length: LENGTH,
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
    });
    await renderWithEntity(<AuditChainSection />);

    const alert = await screen.findByRole('alert', {
      name: 'Chain verification',
    });
    expect(alert).toHaveTextContent(
      'Chain broken at seq 3: an entry was changed after it was written',
    );
    expect(alert).toHaveTextContent(
      'Entry seq 3: its content hashes to cccccccccccc…, not to its hash f00000000003…',
    );
    // Seq 3 is not among the 20 newest entries: the alert says how to reach it.
    expect(alert).toHaveTextContent(
      'Entry seq 3 is older than the entries shown below: "Older entries" pages down to it.',
    );
    expect(
      alert.compareDocumentPosition(
        screen.getByRole('list', { name: 'Release audit chain timeline' }),
      ) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(
      screen.queryByLabelText(/chain breaks here/),
    ).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Older entries' }),
    );
    expect(
      await screen.findByLabelText('seq 3: canary (chain breaks here)'),
    ).toHaveAttribute('aria-current', 'step');
    expect(alert).toHaveTextContent(
      'Entry seq 3 is marked in the timeline below.',
    );
  });

  it("shows the entries the portal wrote as such, with who asked for them, and an uploaded freeze as not the portal's", async () => {
    const [promote, forged, build] = newestFirst(2, 0);
    const frozen = {
      seq: 3,
      reportId: 'r-2',
      origin: 'portal',
      requestedBy: 'user:default/ana',
      entry: {
        action: 'freeze',
        timestamp: T0,
        actor: 'user:default/ana',
        details: { milestoneId: 'M3.3.1', tag: 'milestone/m3.3.1-hardened' },
        prevHash: hash(2),
        hash: hash(3),
      },
    };
    // Stored before uploads were checked: an upload's freeze, not the portal's.
    const uploadedFreeze = {
      ...forged,
      entry: {
        ...forged.entry,
        action: 'freeze',
        actor: 'user:default/mallory',
      },
    };
    const chainHead = { seq: 3, hash: hash(3), verifiedAt: T0 };
    server.use(
      ...transparencyHandlers(
        buildLog([frozen, promote, uploadedFreeze, build]),
      ).handlers,
    );
    server.use(
      http.get(`${entityUrl()}/audit-chain/verify`, () =>
        HttpResponse.json({ ok: true, length: 4, head: chainHead }),
      ),
      http.get(`${entityUrl()}/audit-chain`, () =>
        HttpResponse.json({
          items: [frozen, promote, uploadedFreeze, build],
          head: chainHead,
        }),
      ),
    );
    await renderWithEntity(<AuditChainSection />);

    const portal = await screen.findByLabelText('seq 3: freeze');
    expect(portal).toHaveTextContent('Written by the portal, requested by ana');
    expect(portal).toHaveTextContent('tag: milestone/m3.3.1-hardened');
    const uploaded = screen.getByLabelText('seq 1: freeze');
    expect(uploaded).toHaveTextContent('Uploaded, not written by the portal');
    expect(uploaded).not.toHaveTextContent('Written by the portal');
    for (const seq of [2, 0]) {
      const item = screen.getByLabelText(`seq ${seq}: ${actionOf(seq)}`);
      expect(item).not.toHaveTextContent(/portal/);
    }
  });

  it('keeps what is shown and says so when older entries cannot be loaded', async () => {
    serveChain({ ok: true, length: LENGTH, head });
    server.use(
      http.get(`${entityUrl()}/audit-chain`, ({ request }) =>
        new URL(request.url).searchParams.has('cursor')
          ? errorResponse(503, 'database unavailable')
          : undefined,
      ),
    );
    await renderWithEntity(<AuditChainSection />);
    await screen.findByText('Showing 20 of 25 entries, newest first.');

    await userEvent.click(
      screen.getByRole('button', { name: 'Older entries' }),
    );
    expect(
      await screen.findByText(/^Could not load older entries: /),
    ).toBeInTheDocument();
    expect(timelineLabels()).toHaveLength(20);
    expect(screen.getByRole('button', { name: 'Older entries' })).toBeEnabled();
  });
});
