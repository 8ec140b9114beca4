import {
  CiGatesSummary,
  ContractResultsSummary,
  GateStatus,
  StressRun,
  StressRunSummary,
  ValidationReportSummary,
} from '@hardening/backstage-plugin-hardening-common';

/** The kinds of report whose newest one a scorecard reads a few facts from. */
export const FACT_KINDS = [
  'ci-gates',
  'contract-results',
  'stress-run',
  'validation',
] as const;

export type FactKind = (typeof FACT_KINDS)[number];

/** What a scorecard needs from one report; a stored report never changes, nor do these. */
export type ReportFacts = {
  'ci-gates': { gates: Array<{ name: string; status: GateStatus }> };
  'contract-results': { passed: number; total: number };
  /** With the run itself, judged against the current milestone's limits when asked. */
  'stress-run': {
    p95: number | null;
    errorRate: number | null;
    run: StressRun;
  };
  validation: { passed: number; failed: number };
};

/** Worst p95 and overall error rate of the happy and read phases of a stress run. */
function stressFacts(summary: StressRunSummary): ReportFacts['stress-run'] {
  const measured = summary.run.phases.filter(
    p => p.kind !== 'negative' && p.requests > 0,
  );
  const { run } = summary;
  if (measured.length === 0) return { p95: null, errorRate: null, run };
  const p95s = measured
    .map(p => p.latencyMs?.p95)
    .filter((v): v is number => typeof v === 'number');
  const requests = measured.reduce((n, p) => n + p.requests, 0);
  const failures = measured.reduce((n, p) => n + p.failures, 0);
  return {
    p95: p95s.length > 0 ? Math.max(...p95s) : null,
    errorRate: failures / requests,
    run,
  };
}

/** The facts of a report of one of {@link FACT_KINDS}, from its stored summary. */
export function reportFacts<K extends FactKind>(
  kind: K,
  summary: unknown,
): ReportFacts[K] {
  switch (kind) {
    case 'ci-gates':
      return {
        gates: (summary as CiGatesSummary).gates.map(g => ({
          name: g.name,
          status: g.status,
        })),
      } as ReportFacts[K];
    case 'contract-results': {
      const gates = (summary as ContractResultsSummary).gates;
      return {
        passed: gates.filter(g => g.status === 'pass').length,
        total: gates.length,
      } as ReportFacts[K];
    }
    case 'stress-run':
      return stressFacts(summary as StressRunSummary) as ReportFacts[K];
    default: {
      const metrics = (summary as ValidationReportSummary).evaluation.metrics;
      const passed = metrics.filter(m => m.passing).length;
      return {
        passed,
        failed: metrics.length - passed,
      } as ReportFacts[K];
    }
  }
}
