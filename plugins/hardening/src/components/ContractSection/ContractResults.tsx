import { TableColumn } from '@backstage/core-components';
import {
  ContractGateVerdict,
  ContractResultsSummary,
  StoredContractViolation,
  StoredReport,
} from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CardTable } from '../CardTable';
import { ReportContext } from '../ReportContext';
import { passFail, StatusKind, StatusLabel } from '../StatusLabel';
import { ViolationsList } from './ViolationsList';

type GateRow = ContractGateVerdict & { violationCount: number };

/** Passing, blocking the contract, or failing without blocking (a planned gate). */
function verdictKind(row: GateRow): StatusKind {
  if (row.passing) return 'ok';
  return row.blocking ? 'error' : 'warning';
}

const columns: TableColumn<GateRow>[] = [
  { title: 'Gate', field: 'gateId' },
  { title: 'Contract status', field: 'gateStatus' },
  {
    title: 'Result',
    field: 'result',
    render: row => (
      <StatusLabel kind={verdictKind(row)}>
        {row.result}
        {row.blocking ? ' (blocking)' : ''}
      </StatusLabel>
    ),
  },
  { title: 'Violations', field: 'violationCount', type: 'numeric' },
  { title: 'Reason', field: 'reason' },
];

/** The newest contract-results report: each gate's verdict and the violations. */
export const ContractResults = (props: {
  report: StoredReport<ContractResultsSummary>;
  violations: StoredContractViolation[];
}) => {
  const { report, violations } = props;
  const { evaluation } = report.summary;
  const counts = new Map(
    report.summary.gates.map(g => [g.gateId, g.violationCount]),
  );
  const rows: GateRow[] = evaluation.gates.map(gate => ({
    ...gate,
    violationCount: counts.get(gate.gateId) ?? 0,
  }));
  const withViolations = rows.filter(row => row.violationCount > 0);
  return (
    <>
      <Typography variant="h6" component="h3">
        <StatusLabel kind={passFail(evaluation.passing)}>
          Contract gates {evaluation.passing ? 'passing' : 'not passing'}:{' '}
          {evaluation.counts.activePassing} of {evaluation.counts.active} active
          passing, {evaluation.counts.planned} planned
        </StatusLabel>
      </Typography>
      <Typography variant="body2">{evaluation.reason}</Typography>
      <ReportContext report={report} />
      {evaluation.warnings.map((warning, index) => (
        <Typography key={index} variant="body2" component="div">
          <StatusLabel kind="warning">{warning.message}</StatusLabel>
        </Typography>
      ))}
      <Box mt={2}>
        <CardTable<GateRow>
          label="Contract gates"
          columns={columns}
          data={rows}
          options={{ paging: rows.length > 20, pageSize: 20 }}
        />
      </Box>
      {withViolations.map(row => (
        <Box mt={2} key={row.gateId}>
          <ViolationsList
            gateId={row.gateId}
            violations={violations.filter(v => v.gateId === row.gateId)}
            total={row.violationCount}
          />
        </Box>
      ))}
    </>
  );
};
