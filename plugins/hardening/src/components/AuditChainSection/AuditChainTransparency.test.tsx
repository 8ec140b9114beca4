import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { ED25519_COSIGNATURE_TYPE } from '@hardening/backstage-plugin-hardening-common';
import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { freezeClock, NOW } from '../../__testUtils__/clock';
import { T0, T1 } from '../../__testUtils__/fixtures';
import {
  entityUrl,
  renderWithEntity,
} from '../../__testUtils__/renderWithEntity';
import {
  chain,
  serveChain,
  StoredChainEntry,
} from '../../__testUtils__/auditChainServer';
import {
  buildLog,
  LOG_KEY,
  testNoteKey,
  TestLog,
} from '../../__testUtils__/transparencyLog';
import { AuditChainSection } from './AuditChainSection';
import { SEEN_CHECKPOINTS_BUCKET } from './CheckpointConsistency';

const server = setupServer();
registerMswTestHooks(server);
freezeClock();

const serve = (
  shown: StoredChainEntry[],
  log: TestLog,
  options: { publicKey?: string } = {},
) => serveChain(server, shown, log, options);

const checkpointPanel = () =>
  screen.findByRole('group', { name: 'Latest checkpoint' });

const entryItem = (seq: number) =>
  screen.getByLabelText(new RegExp(`^seq ${seq}: `));

const VERIFIED_5 = 'Included in checkpoint 5 · verified in your browser';

describe('AuditChainSection transparency log', () => {
  it('verifies the checkpoint and every entry shown against it in the browser', async () => {
    const entries = chain(5);
    const log = buildLog(entries);
    const proofRequests = serve(entries, log);
    await renderWithEntity(<AuditChainSection />);

    const panel = await checkpointPanel();
    expect(
      within(panel).getByRole('heading', { name: 'Transparency log' }),
    ).toBeInTheDocument();
    expect(
      await within(panel).findByText(
        /^Checkpoint signature verified in your browser/,
      ),
    ).toHaveTextContent(
      'Checkpoint signature verified in your browser with the key served by the backend',
    );
    // A key the backend serves itself is said to be the weaker choice.
    expect(panel).toHaveTextContent(/Weaker than a pinned key/);
    expect(panel).toHaveTextContent('Size5 entries');
    expect(panel).toHaveTextContent(`Root${log.status.rootHash.slice(0, 12)}`);
    expect(panel).not.toHaveTextContent(log.status.rootHash);
    expect(
      within(panel).getByRole('button', { name: 'Copy checkpoint root hash' }),
    ).toBeInTheDocument();
    expect(panel).toHaveTextContent(
      `Signed bybackend.test/hardening (key id ${LOG_KEY.keyId})`,
    );
    expect(panel).toHaveTextContent('Signed1 hour ago');

    for (let seq = 0; seq < 5; seq++) {
      expect(
        await within(entryItem(seq)).findByText(VERIFIED_5),
      ).toBeInTheDocument();
    }
    expect([...proofRequests].sort()).toEqual([
      '0@5',
      '1@5',
      '2@5',
      '3@5',
      '4@5',
    ]);
  });

  it('says an entry changed after it was logged is not included, and so is one whose proof is wrong', async () => {
    const entries = chain(5);
    const log = buildLog(entries);
    // What the page is shown: seq 2 rewritten after it was logged.
    const shown = entries.map(e =>
      e.seq === 2
        ? {
            ...e,
            entry: {
              ...e.entry,
              details: { image: 'payments-api:6.6.6' },
            },
          }
        : e,
    );
    serve(shown, log);
    // The proof of seq 4 is that of seq 3: it does not lead to the root from seq 4.
    server.use(
      http.get(`${entityUrl()}/audit-chain/proof/inclusion`, ({ request }) =>
        new URL(request.url).searchParams.get('seq') === '4'
          ? HttpResponse.json({
              ...log.inclusionProof(3, 5),
              leafIndex: 4,
              leafHash: log.inclusionProof(4, 5).leafHash,
            })
          : undefined,
      ),
    );
    await renderWithEntity(<AuditChainSection />);
    await checkpointPanel();

    expect(
      await within(entryItem(2)).findByText(/^Not included in checkpoint 5/),
    ).toHaveTextContent(
      'Not included in checkpoint 5: the entry shown is not the one the log holds at its place: its content was changed after it was logged',
    );
    expect(
      await within(entryItem(4)).findByText(/^Not included in checkpoint 5/),
    ).toHaveTextContent(
      'Not included in checkpoint 5: the proof does not lead to the signed root',
    );
    for (const seq of [0, 1, 3]) {
      expect(
        await within(entryItem(seq)).findByText(VERIFIED_5),
      ).toBeInTheDocument();
    }
    expect(within(entryItem(2)).queryByText(VERIFIED_5)).toBeNull();
  });

  it('refuses a checkpoint signed by another key than the one it is checked with', async () => {
    const entries = chain(3);
    // The backend serves its key, but the checkpoint was signed with another one of the same name.
    const impostor = testNoteKey('backend.test/hardening', 9);
    const proofRequests = serve(
      entries,
      buildLog(entries, { signerKey: impostor.signerKey }),
    );
    await renderWithEntity(<AuditChainSection />);

    const panel = await checkpointPanel();
    const alert = await within(panel).findByRole('alert');
    expect(alert).toHaveTextContent(
      'Checkpoint signature not verified with the key served by the backend: No known key signed the note (known: backend.test/hardening)',
    );
    expect(alert).toHaveTextContent(
      'The entries below are not checked against it.',
    );
    expect(screen.queryByText(/Included in checkpoint/)).toBeNull();
    expect(proofRequests).toEqual([]);
  });

  it('refuses a checkpoint whose note was changed after it was signed, and one of another entity', async () => {
    const entries = chain(3);
    const log = buildLog(entries);
    const forged = {
      ...log,
      status: {
        ...log.status,
        checkpoint: log.status.checkpoint.replace('\n3\n', '\n2\n'),
        treeSize: 2,
      },
    };
    serve(entries, forged);
    const { unmount } = await renderWithEntity(<AuditChainSection />);
    expect(
      await within(await checkpointPanel()).findByRole('alert'),
    ).toHaveTextContent(
      'The signature of backend.test/hardening does not verify: the note was changed or signed by another key',
    );
    unmount();

    serve(
      entries,
      buildLog(entries, {
        origin: 'backend.test/hardening/component:default/billing-api',
      }),
    );
    await renderWithEntity(<AuditChainSection />);
    expect(
      await within(await checkpointPanel()).findByRole('alert'),
    ).toHaveTextContent(
      'the checkpoint is of another log (backend.test/hardening/component:default/billing-api), not of …/hardening/component:default/payments-api',
    );
  });

  it('verifies with the pinned key from config, not the one the backend serves', async () => {
    const entries = chain(2);
    const other = testNoteKey('backend.test/hardening', 7);
    let keyServed = 0;
    // The backend would serve a key that does verify its checkpoint.
    serve(entries, buildLog(entries, { signerKey: other.signerKey }), {
      publicKey: other.verifierKey,
    });
    server.events.on('request:start', ({ request }) => {
      if (request.url.endsWith('/transparency/public-key')) keyServed++;
    });
    const { unmount } = await renderWithEntity(<AuditChainSection />, {
      config: {
        hardening: { transparency: { publicKey: LOG_KEY.verifierKey } },
      },
    });
    expect(
      await within(await checkpointPanel()).findByRole('alert'),
    ).toHaveTextContent(
      'Checkpoint signature not verified with the pinned key: No known key signed the note',
    );
    unmount();

    serve(entries, buildLog(entries));
    await renderWithEntity(<AuditChainSection />, {
      config: {
        hardening: { transparency: { publicKey: LOG_KEY.verifierKey } },
      },
    });
    const panel = await checkpointPanel();
    expect(
      await within(panel).findByText(/^Checkpoint signature verified/),
    ).toHaveTextContent(
      'Checkpoint signature verified in your browser with the pinned key',
    );
    expect(panel).not.toHaveTextContent(/Weaker than a pinned key/);
    expect(
      await within(entryItem(1)).findByText(
        'Included in checkpoint 2 · verified in your browser',
      ),
    ).toBeInTheDocument();
    expect(keyServed).toBe(0);
  });

  it('shows the witnesses: who cosigned which tree size when, each cosignature checked here, and required ones missing or behind', async () => {
    const entries = chain(4);
    const alpha = testNoteKey('witness.alpha', 21, ED25519_COSIGNATURE_TYPE);
    const beta = testNoteKey('witness.beta', 22, ED25519_COSIGNATURE_TYPE);
    const at = (iso: string) => Date.parse(iso) / 1000;
    const log = buildLog(entries, {
      witnesses: [
        {
          signerKey: alpha.signerKey,
          timestamp: at('2026-11-22T08:00:00.000Z'),
          requiredForFreeze: true,
        },
        {
          signerKey: beta.signerKey,
          timestamp: at(T1),
          treeSize: 3,
          requiredForFreeze: true,
        },
      ],
      cosignatures: [
        {
          witness: 'witness.gamma',
          keyId: '12345678',
          treeSize: 2,
          cosignedAt: T0,
          requiredForFreeze: false,
          rootHash: '0'.repeat(64),
          line: '\u2014 witness.gamma EjRWeAAAAAA=',
        },
      ],
      requiredWitnesses: ['witness.alpha', 'witness.beta', 'witness.delta'],
    });
    serve(entries, log);
    await renderWithEntity(<AuditChainSection />);

    const panel = await checkpointPanel();
    // The cosignature lines in the note do not stop the log's signature verifying.
    expect(
      await within(panel).findByText(/^Checkpoint signature verified/),
    ).toBeInTheDocument();
    const witnesses = within(panel).getByRole('list', {
      name: 'Witness cosignatures',
    });
    await waitFor(() =>
      expect(witnesses).not.toHaveTextContent('checking the cosignature'),
    );
    expect(
      within(witnesses)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      `witness.alpha (key ${alpha.keyId}) cosigned tree size 4 2 hours ago · cosigned the latest checkpoint, required for a freeze · cosignature verified in your browser`,
      `witness.beta (key ${beta.keyId}) cosigned tree size 3 yesterday · behind the latest checkpoint (4), required for a freeze · cosignature verified in your browser`,
      'witness.gamma (key 12345678) cosigned tree size 2 2 days ago · behind the latest checkpoint (4) · cosignature not verified: no key of witness.gamma with key id 12345678 is known here',
      'witness.delta missing: required for a freeze, has not cosigned',
    ]);
    expect(
      within(within(witnesses).getByLabelText('witness.beta'))
        .getByText(/behind/)
        .closest('[data-status]'),
    ).toHaveAttribute('data-status', 'warning');
  });

  it('says which entries were appended after the checkpoint, and fetches no proof for them', async () => {
    const entries = chain(7);
    const proofRequests = serve(entries, buildLog(entries, { size: 5 }));
    await renderWithEntity(<AuditChainSection />);
    await checkpointPanel();

    for (const seq of [5, 6]) {
      expect(
        await within(entryItem(seq)).findByText(
          'Appended after checkpoint 5: not yet in a signed checkpoint',
        ),
      ).toBeInTheDocument();
    }
    for (let seq = 0; seq < 5; seq++) {
      expect(
        await within(entryItem(seq)).findByText(VERIFIED_5),
      ).toBeInTheDocument();
    }
    await waitFor(() => expect(proofRequests).toHaveLength(5));
    expect(proofRequests.every(r => r.endsWith('@5'))).toBe(true);
  });

  it('remembers the checkpoint verified and on the next visit checks that the log only grew', async () => {
    const storage = mockApis.storage();
    const seen = () =>
      storage
        .forBucket(SEEN_CHECKPOINTS_BUCKET)
        .snapshot('component:default/payments-api').value;
    const entries = chain(6);
    const first = buildLog(entries.slice(0, 3));
    serve(entries.slice(0, 3), first);
    const { unmount } = await renderWithEntity(<AuditChainSection />, {
      storage,
    });
    const panel = await checkpointPanel();
    await within(panel).findByText(/^Checkpoint signature verified/);
    await waitFor(() =>
      expect(seen()).toEqual({
        origin: first.status.origin,
        size: 3,
        rootHex: first.status.rootHash,
        seenAt: NOW,
      }),
    );
    // Nothing seen before: nothing to compare with.
    expect(panel).not.toHaveTextContent(/consistent with/i);
    unmount();

    const grown = buildLog(entries);
    serve(entries, grown);
    await renderWithEntity(<AuditChainSection />, { storage });
    expect(
      await within(await checkpointPanel()).findByText(
        /^Consistent with the checkpoint you saw/,
      ),
    ).toHaveTextContent(
      /^Consistent with the checkpoint you saw .+ \(size 3\)$/,
    );
    await waitFor(() =>
      expect(seen()).toMatchObject({ size: 6, rootHex: grown.status.rootHash }),
    );
  });

  it('waits for a storage that is still fetching the checkpoint seen (the user-settings backend) before comparing', async () => {
    const stored = mockApis.storage();
    const entries = chain(5);
    const before = buildLog(entries.slice(0, 2));
    await stored
      .forBucket(SEEN_CHECKPOINTS_BUCKET)
      .set('component:default/payments-api', {
        origin: before.status.origin,
        size: 2,
        rootHex: before.status.rootHash,
        seenAt: NOW,
      });
    // Like the user-settings storage: "unknown" at first, the value a moment later.
    const fetching = {
      ...stored,
      forBucket: (name: string) => {
        const bucket = stored.forBucket(name);
        return {
          ...bucket,
          forBucket: bucket.forBucket.bind(bucket),
          set: bucket.set.bind(bucket),
          remove: bucket.remove.bind(bucket),
          snapshot: (key: string) => ({ key, presence: 'unknown' as const }),
          observe$: (key: string) => ({
            subscribe: (observer: {
              next: (value: ReturnType<typeof bucket.snapshot>) => void;
            }) => {
              const timer = setTimeout(
                () => observer.next(bucket.snapshot(key)),
                10,
              );
              return {
                unsubscribe: () => clearTimeout(timer),
                closed: false,
              };
            },
          }),
        };
      },
    };
    serve(entries, buildLog(entries));
    await renderWithEntity(<AuditChainSection />, {
      storage: fetching as unknown as typeof stored,
    });
    expect(
      await within(await checkpointPanel()).findByText(
        /^Consistent with the checkpoint you saw/,
      ),
    ).toHaveTextContent(/\(size 2\)$/);
  });

  it('says loudly when the log was rewritten or shrank since the checkpoint seen, and keeps remembering that one', async () => {
    const storage = mockApis.storage();
    const bucket = storage.forBucket(SEEN_CHECKPOINTS_BUCKET);
    const entries = chain(5);
    // What this browser saw yesterday: a first three entries that differ from today's.
    const rewritten = buildLog(
      entries.slice(0, 3).map(e => ({
        ...e,
        entry: { ...e.entry, actor: 'someone-else' },
      })),
    );
    const yesterday = {
      origin: rewritten.status.origin,
      size: 3,
      rootHex: rewritten.status.rootHash,
      seenAt: T1,
    };
    await bucket.set('component:default/payments-api', yesterday);
    serve(entries, buildLog(entries));
    const { unmount } = await renderWithEntity(<AuditChainSection />, {
      storage,
    });
    const panel = await checkpointPanel();
    const alert = await within(panel).findByRole('alert');
    expect(alert).toHaveTextContent(
      'Not consistent with the checkpoint you saw yesterday (size 3): the consistency proof does not show the checkpoint you saw to be a prefix of this one: the log was rewritten',
    );
    // The checkpoint signature itself verified: only the history is wrong.
    expect(panel).toHaveTextContent(/Checkpoint signature verified/);
    expect(bucket.snapshot('component:default/payments-api').value).toEqual(
      yesterday,
    );
    unmount();

    // Seen yesterday: a log of 7 entries, more than it has now.
    await bucket.set('component:default/payments-api', {
      origin: rewritten.status.origin,
      size: 7,
      rootHex: buildLog(chain(7)).status.rootHash,
      seenAt: T1,
    });
    await renderWithEntity(<AuditChainSection />, { storage });
    expect(
      await within(await checkpointPanel()).findByRole('alert'),
    ).toHaveTextContent(
      'Not consistent with the checkpoint you saw yesterday (size 7): the log has 5 entries now, fewer than the 7 you saw: entries were removed',
    );
  });
});
