import { TableColumn } from '@backstage/core-components';
import {
  GateResult,
  MilestoneStatus,
  RequiredGateVerdict,
  requiredGatesOf,
} from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useHardeningData } from '../../hooks';
import { AsyncContent } from '../AsyncContent';
import { CardTable } from '../CardTable';
import { ReportContext } from '../ReportContext';
import { RequiredGatesNote } from '../RequiredGates';
import { SectionCard } from '../SectionCard';
import { passFail, StatusKind, StatusLabel } from '../StatusLabel';
import { CommandBlock, UploadHint, useUploadCommand } from '../UploadHint';

const GATE_STATUS_KIND: Record<GateResult['status'] | 'missing', StatusKind> = {
  passed: 'ok',
  failed: 'error',
  skipped: 'warning',
  missing: 'error',
};

const requiredColumns: TableColumn<RequiredGateVerdict>[] = [
  { title: 'Required gate', field: 'name' },
  {
    title: 'Latest result',
    field: 'status',
    render: row => (
      <StatusLabel kind={passFail(row.passing)}>
        {row.status === 'missing'
          ? 'no result (counts as failing)'
          : row.status}
      </StatusLabel>
    ),
  },
];

const gateColumns: TableColumn<GateResult>[] = [
  { title: 'Gate', field: 'name' },
  {
    title: 'Status',
    field: 'status',
    render: row => (
      <StatusLabel kind={GATE_STATUS_KIND[row.status]}>
        {row.status}
      </StatusLabel>
    ),
  },
  { title: 'Notes', field: 'notes' },
];

const NoRequiredGates = () => {
  const command = useUploadCommand({
    method: 'PUT',
    path: '/required-gates',
    contentType: 'application/json',
    file: 'required-gates.json',
    tokenVariable: 'HARDENING_MANAGE_TOKEN',
  });
  return (
    <Typography variant="body2" component="div">
      No required gates are set for this component. An owner sets them with a
      body such as {'{"gates":["lint","build"]}'}:
      <CommandBlock command={command} label="Set required gates command" />
    </Typography>
  );
};

/**
 * What each milestone needs of the CI gates (the entity's required gates plus its own),
 * or without milestones what the entity's list means for them.
 */
const MilestoneGates = (props: {
  required: string[];
  milestones?: MilestoneStatus[];
}) => {
  const { required, milestones } = props;
  if (!milestones || milestones.length === 0) {
    return <RequiredGatesNote required={requiredGatesOf(required)} />;
  }
  return (
    <>
      {milestones.map(({ milestone, checklist }) => (
        <RequiredGatesNote
          key={milestone.id}
          required={checklist.requiredGates}
        />
      ))}
    </>
  );
};

/**
 * The "CI gates" section: required gates against the newest gates report, what each
 * milestone needs of them (`milestones`, when loaded), and that report.
 */
export const CiGatesSection = (props: { milestones?: MilestoneStatus[] }) => {
  const state = useHardeningData(async (api, entityRef) => {
    const [required, reports] = await Promise.all([
      api.getRequiredGates(entityRef),
      api.listCiGates(entityRef, { limit: 1 }),
    ]);
    return { required, latest: reports.items[0] };
  });
  return (
    <SectionCard id="ci-gates" title="CI gates">
      <AsyncContent
        state={state}
        errorTitle="Could not load the CI gates"
        isEmpty={value => !value.latest && value.required.required.length === 0}
        empty={
          <UploadHint
            title="No CI gate results yet"
            description='Upload the gate results of each pipeline run as JSON, e.g. {"gates":[{"name":"lint","status":"passed"},{"name":"build","status":"passed"}]}.'
            example={{
              method: 'POST',
              path: '/ci-gates?commit=$GIT_SHA&branch=$GIT_BRANCH',
              contentType: 'application/json',
              file: 'gates.json',
            }}
          />
        }
      >
        {({ required, latest }) => (
          <>
            <Typography variant="h6" component="h3">
              <StatusLabel kind={passFail(required.passing)}>
                Required gates{' '}
                {required.passing ? 'all passing' : 'not all passing'}
              </StatusLabel>
            </Typography>
            {required.required.length === 0 ? (
              <NoRequiredGates />
            ) : (
              <CardTable<RequiredGateVerdict>
                label="Required gates"
                columns={requiredColumns}
                data={required.gates}
                options={{ paging: false }}
              />
            )}
            <MilestoneGates
              required={required.required}
              milestones={props.milestones}
            />
            <Box mt={2}>
              {latest ? (
                <>
                  <CardTable<GateResult>
                    title="Latest gates report"
                    columns={gateColumns}
                    data={latest.summary.gates}
                    options={{ paging: false }}
                  />
                  <ReportContext report={latest} />
                </>
              ) : (
                <Typography variant="body2">
                  No gates report yet: every required gate counts as failing.
                </Typography>
              )}
            </Box>
          </>
        )}
      </AsyncContent>
    </SectionCard>
  );
};
