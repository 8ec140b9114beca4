import {
  ChecklistEvidence,
  FrozenEvidence,
} from '@hardening/backstage-plugin-hardening-common';
import { Knex } from 'knex';

type IdentityRow = {
  id: string;
  identity_digest: string;
  commit_sha: string | null;
  run_id: string | null;
  run_attempt: number | string | null;
  run_url: string | null;
};

/**
 * The evidence a freeze was decided on, each stored report with what identifies it among
 * the reports sharing its body digest: its identity digest, commit, run id, attempt and
 * run URL (those its upload gave), read in one query through `db` (the freeze's
 * transaction). The contract item is kept as it is.
 */
export async function identifyFrozenEvidence(
  db: Knex | Knex.Transaction,
  entityRef: string,
  evidence: readonly ChecklistEvidence[],
): Promise<FrozenEvidence[]> {
  const reportIds = evidence
    .filter(e => e.kind !== 'contract')
    .map(e => e.reportId);
  const rows: IdentityRow[] = reportIds.length
    ? await db('evidence_reports')
        .where({ entity_ref: entityRef })
        .whereIn('id', reportIds)
        .select(
          'id',
          'identity_digest',
          'commit_sha',
          'run_id',
          'run_attempt',
          'run_url',
        )
    : [];
  const byId = new Map(rows.map(row => [row.id, row]));
  return evidence.map(e => {
    const row = e.kind === 'contract' ? undefined : byId.get(e.reportId);
    if (!row) return { ...e };
    return {
      ...e,
      identityDigest: row.identity_digest,
      ...(row.commit_sha ? { commit: row.commit_sha } : {}),
      ...(row.run_id ? { runId: row.run_id } : {}),
      ...(row.run_attempt !== null
        ? { runAttempt: Number(row.run_attempt) }
        : {}),
      ...(row.run_url ? { runUrl: row.run_url } : {}),
    };
  });
}

/**
 * How the `freeze` entry of the release chain names a piece of evidence: its kind, body
 * digest and, for a report, its identity digest and run; not the report id or receipt
 * time, which are local to one portal's database.
 */
export function chainEvidenceOf(
  evidence: FrozenEvidence,
): Omit<FrozenEvidence, 'reportId' | 'receivedAt'> {
  const { reportId: _reportId, receivedAt: _receivedAt, ...named } = evidence;
  return named;
}
