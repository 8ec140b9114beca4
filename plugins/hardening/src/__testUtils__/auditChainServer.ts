import { http, HttpResponse } from 'msw';
import { SetupServer } from 'msw/node';
import { T0 } from './fixtures';
import { entityUrl } from './renderWithEntity';
import { TestLog, transparencyHandlers } from './transparencyLog';

const ACTIONS = ['verify', 'migrate', 'build', 'canary', 'promote', 'rollback'];

/** The stored entries of a chain of `length`, oldest first, with real chain fields. */
export function chain(length: number) {
  return Array.from({ length }, (_, seq) => ({
    seq,
    reportId: 'r-1',
    origin: 'upload' as const,
    entry: {
      action: ACTIONS[seq % ACTIONS.length],
      timestamp: T0,
      actor: 'release-bot',
      details: { image: `payments-api:1.${seq}.0` },
      prevHash: String(seq).padStart(64, '0'),
      hash: String(seq + 1).padStart(64, '0'),
    },
  }));
}

export type StoredChainEntry = ReturnType<typeof chain>[number];

/**
 * The backend on `server`: `shown` as the stored chain (newest first), the log's
 * answers from `log`. Returns the inclusion proofs asked for as `seq@treeSize`.
 */
export function serveChain(
  server: SetupServer,
  shown: StoredChainEntry[],
  log: TestLog,
  options: { publicKey?: string } = {},
) {
  const head = {
    seq: shown.length - 1,
    hash: shown[shown.length - 1].entry.hash,
    verifiedAt: T0,
  };
  const transparency = transparencyHandlers(log, options);
  server.use(
    ...transparency.handlers,
    http.get(`${entityUrl()}/audit-chain/verify`, () =>
      HttpResponse.json({ ok: true, length: shown.length, head }),
    ),
    http.get(`${entityUrl()}/audit-chain`, () =>
      HttpResponse.json({ items: [...shown].reverse(), head }),
    ),
  );
  return transparency.proofRequests;
}
