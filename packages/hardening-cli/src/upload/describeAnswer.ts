type Summary = Record<string, unknown> & {
  totals?: { tests?: number; failed?: number; errors?: number; flaky?: number };
  evaluation?: { passing?: boolean; reason?: string };
  appended?: number;
  length?: number;
  gates?: unknown[];
  tags?: unknown[];
};

type UploadAnswer = {
  created?: boolean;
  changed?: boolean;
  runbook?: { id?: string; title?: string };
  report?: { id?: string; kind?: string; summary?: Summary };
  contract?: { id?: string; digest?: string; gateCount?: number };
};

function summaryDetails(summary: Summary | undefined): string | undefined {
  if (!summary) return undefined;
  if (summary.totals) {
    const t = summary.totals;
    return `${t.tests ?? 0} tests, ${
      (t.failed ?? 0) + (t.errors ?? 0)
    } failed, ${t.flaky ?? 0} flaky`;
  }
  if (summary.evaluation && typeof summary.evaluation.passing === 'boolean') {
    const verdict = summary.evaluation.passing ? 'passing' : 'NOT passing';
    return summary.evaluation.reason
      ? `${verdict}: ${summary.evaluation.reason}`
      : verdict;
  }
  if (typeof summary.appended === 'number') {
    return `${summary.appended} entries appended, chain length ${summary.length}`;
  }
  if (Array.isArray(summary.gates)) return `${summary.gates.length} gates`;
  if (Array.isArray(summary.tags)) return `${summary.tags.length} tags`;
  return undefined;
}

/**
 * One line about a successful upload, e.g.
 * `stored test-report 5f0c… for component:default/payments-api (201 created): 120 tests, 2 failed, 1 flaky`.
 */
export function describeAnswer(
  kind: string,
  entityRef: string,
  status: number,
  text: string,
): string {
  let body: UploadAnswer;
  try {
    body = JSON.parse(text) as UploadAnswer;
  } catch {
    return `${kind} for ${entityRef}: ${status}`;
  }
  const state = body.created === false ? 'already stored' : 'created';
  if (body.runbook) {
    let outcome = 'created';
    if (body.created === false)
      outcome = body.changed ? 'replaced' : 'unchanged';
    return `stored runbook ${
      body.runbook.id
    } for ${entityRef} (${status} ${outcome})${
      body.runbook.title ? `: ${body.runbook.title}` : ''
    }`;
  }
  if (body.contract) {
    return `stored contract ${body.contract.digest?.slice(
      0,
      12,
    )}… for ${entityRef} (${status} ${state}): ${
      body.contract.gateCount
    } gates`;
  }
  const details = summaryDetails(body.report?.summary);
  return `stored ${kind} ${
    body.report?.id ?? ''
  } for ${entityRef} (${status} ${state})${details ? `: ${details}` : ''}`;
}
