import {
  auditChainEntrySchema,
  formatIssuePath,
  sha256HexSchema,
} from '@hardening/backstage-plugin-hardening-common';
import { z } from 'zod';
import { bearerToken } from '../auth/credentialSource';
import { CliError, EXIT } from '../CliError';
import { CliIo } from '../cliIo';
import { backendRedirectHint } from '../upload/backendRedirectHint';
import { sendWithRetries } from '../upload/sendWithRetries';
import { BackendConnection } from '../upload/uploadEvidence';

/** Entries asked for per page (the backend allows up to 500). */
export const CHAIN_PAGE_LIMIT = 200;

/** Most bytes of one page read: 200 entries of the backend's 64 KiB line limit, and room. */
const MAX_PAGE_BYTES = 32 * 1024 * 1024;

const pageSchema = z.object({
  items: z.array(
    z.object({ seq: z.number().int().nonnegative(), entry: z.unknown() }),
  ),
  nextCursor: z.string().min(1).optional(),
  head: z
    .object({ seq: z.number().int().nonnegative(), hash: sha256HexSchema })
    .nullable(),
});

/** One page of `GET …/audit-chain?order=asc`, checked. */
export type StoredChainPage = {
  entries: Array<{ seq: number; entry: z.infer<typeof auditChainEntrySchema> }>;
  head: { seq: number; hash: string } | null;
};

function unexpected(what: string): CliError {
  return new CliError(
    `the backend's answer to GET …/audit-chain is not a page of audit chain entries: ${what}`,
    EXIT.UNAVAILABLE,
  );
}

function parsePage(text: string, truncated: boolean) {
  if (truncated) {
    throw unexpected(`it is larger than ${MAX_PAGE_BYTES} bytes`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw unexpected(`not JSON (${(error as Error).message})`);
  }
  const page = pageSchema.safeParse(body);
  if (!page.success) {
    const issue = page.error.issues[0];
    throw unexpected(`${formatIssuePath(issue.path)}: ${issue.message}`);
  }
  return page.data;
}

/**
 * Where {@link storedChainPages} starts (after the entry `afterSeq`; -1: at the first),
 * and how many entries a page asks for.
 */
export type ChainPagesStart = { afterSeq: number; limit: number };

/**
 * The listing's cursor that starts after the entry `seq`. The
 * backend's cursor of the oldest-first listing is base64url JSON `{"seq":<the last seq
 * listed>}` (a keyset cursor, DatabaseAuditChainStore.listEntries), so one can jump to
 * an entry without reading those before it. What is read there is checked by its seq
 * (and the transparency log's inclusion proof); a backend that pages otherwise refuses
 * the cursor or lists other entries, and the caller reads from the start instead.
 */
export function cursorAfterSeq(seq: number): string {
  return Buffer.from(JSON.stringify({ seq }), 'utf8').toString('base64url');
}

/**
 * The entity's stored audit chain, oldest entry first, a page at a time: `GET
 * …/audit-chain?order=asc&limit=…`, then with each answer's `nextCursor` until there is
 * none. With `start`, from the entry after `start.afterSeq`, `start.limit` entries a
 * page. One bearer token is used for every page (a GitHub Actions ID token is asked for
 * once); requests are sent as uploads are (retries, no redirects).
 */
export async function* storedChainPages(
  connection: BackendConnection,
  io: CliIo,
  start?: ChainPagesStart,
): AsyncGenerator<StoredChainPage> {
  const token = await bearerToken(
    connection.credential,
    { policy: connection.policy, userAgent: connection.userAgent },
    io,
  );
  let cursor: string | undefined =
    start && start.afterSeq >= 0 ? cursorAfterSeq(start.afterSeq) : undefined;
  do {
    const url = new URL(connection.target.entityUrl.toString());
    url.pathname = `${url.pathname}/audit-chain`;
    url.searchParams.set('order', 'asc');
    url.searchParams.set('limit', String(start?.limit ?? CHAIN_PAGE_LIMIT));
    if (cursor) url.searchParams.set('cursor', cursor);
    const answer = await sendWithRetries(
      {
        method: 'GET',
        url,
        headers: {
          accept: 'application/json',
          'user-agent': connection.userAgent,
          authorization: `Bearer ${token}`,
        },
      },
      io,
      {
        policy: connection.policy,
        idleTimeoutMs: connection.idleTimeoutMs,
        progress: 'never',
        label: 'audit chain',
        redirectHint: backendRedirectHint(url),
        maxAnswerBytes: MAX_PAGE_BYTES,
      },
    );
    const page = parsePage(answer.text, answer.truncated);
    const entries = page.items.map(({ seq, entry }) => {
      const parsed = auditChainEntrySchema.safeParse(entry);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw unexpected(
          `entry seq ${seq}: ${formatIssuePath(issue.path)}: ${issue.message}`,
        );
      }
      return { seq, entry: parsed.data };
    });
    yield { entries, head: page.head };
    if (
      page.nextCursor &&
      (entries.length === 0 || page.nextCursor === cursor)
    ) {
      throw unexpected(`its nextCursor ${page.nextCursor} does not page on`);
    }
    cursor = page.nextCursor;
  } while (cursor);
}
