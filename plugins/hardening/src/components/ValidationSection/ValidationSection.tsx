import { TableColumn } from '@backstage/core-components';
import { ValidationMetricVerdict } from '@hardening/backstage-plugin-hardening-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useHardeningData } from '../../hooks';
import { RelativeTime } from '../Words';
import { AsyncContent } from '../AsyncContent';
import { CardTable } from '../CardTable';
import { ReportContext } from '../ReportContext';
import { SectionCard } from '../SectionCard';
import { passFail, StatusLabel } from '../StatusLabel';
import { UploadHint } from '../UploadHint';

const columns: TableColumn<ValidationMetricVerdict>[] = [
  { title: 'Metric', field: 'id' },
  {
    title: 'Required',
    field: 'required',
    render: row => (row.required ? 'required' : 'reported'),
  },
  {
    title: 'Status',
    field: 'status',
    render: row => (
      <StatusLabel kind={passFail(row.passing)}>{row.status}</StatusLabel>
    ),
  },
  { title: 'Detail', field: 'message' },
];

/** The "Production validation" section: the newest validation report, metric by metric. */
export const ValidationSection = () => {
  const state = useHardeningData(
    async (api, entityRef) =>
      (await api.listValidationReports(entityRef, { limit: 1 })).items[0] ??
      null,
  );
  return (
    <SectionCard id="validation" title="Production validation">
      <AsyncContent
        state={state}
        errorTitle="Could not load the production validation reports"
        isEmpty={report => report === null}
        empty={
          <UploadHint
            title="No production validation yet"
            description="After a release, upload the readiness metrics checked against the environment: tenant-isolation, rbac, feature-flags, immutable-audit, determinism and rollback must all be present and pass."
            example={{
              method: 'POST',
              path: '/validation-reports',
              contentType: 'application/json',
              file: 'validation.json',
            }}
          />
        }
      >
        {report => {
          const { report: validation, evaluation } = report!.summary;
          return (
            <>
              <Typography variant="h6" component="h3">
                <StatusLabel kind={passFail(evaluation.passing)}>
                  {validation.environment}
                  {validation.release ? ` ${validation.release}` : ''}:{' '}
                  {evaluation.passing
                    ? 'every metric passed'
                    : `${
                        evaluation.metrics.filter(m => !m.passing).length
                      } metric(s) not passing`}
                </StatusLabel>
              </Typography>
              <Typography variant="body2" color="textSecondary">
                Checked <RelativeTime iso={validation.checkedAt} />
              </Typography>
              <ReportContext report={report!} />
              <Box mt={2}>
                <CardTable<ValidationMetricVerdict>
                  label="Metrics"
                  columns={columns}
                  data={evaluation.metrics}
                  options={{ paging: false }}
                />
              </Box>
            </>
          );
        }}
      </AsyncContent>
    </SectionCard>
  );
};
