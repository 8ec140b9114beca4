import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useHardeningData } from '../../hooks';
import { formatMs, formatPercent, plural } from '../../utils/format';
import { AsyncContent } from '../AsyncContent';
import { ReportContext } from '../ReportContext';
import { SectionCard } from '../SectionCard';
import { TrendChart } from '../TrendChart';
import { UploadHint } from '../UploadHint';
import { FailuresTable } from './FailuresTable';
import { FlakyTestsTable } from './FlakyTestsTable';
import { passRate, passRatePoints, passRateSummary } from './passRate';

/** How many recent reports the pass-rate trend covers. */
const TREND_REPORTS = 30;

/**
 * The "Test reports" section: the latest report's totals and failures, the flaky tests
 * of the flaky window and the pass-rate trend of the recent reports.
 */
export const TestReportsSection = () => {
  const state = useHardeningData(async (api, entityRef) => {
    const [reports, flaky] = await Promise.all([
      api.listTestReports(entityRef, { limit: TREND_REPORTS }),
      api.listFlakyTests(entityRef, { limit: 20 }),
    ]);
    return { reports: reports.items, flaky };
  });
  return (
    <SectionCard id="test-reports" title="Test reports">
      <AsyncContent
        state={state}
        errorTitle="Could not load the test reports"
        isEmpty={value => value.reports.length === 0}
        empty={
          <UploadHint
            title="No test reports yet"
            description="Upload a JUnit XML file (or CTRF JSON with Content-Type application/json) from CI. Tag end-to-end runs e2e:happy or e2e:security: the freeze checklist looks for both."
            example={{
              method: 'POST',
              path: '/test-reports?commit=$GIT_SHA&branch=$GIT_BRANCH&tags=e2e:happy',
              contentType: 'application/xml',
              file: 'junit.xml',
            }}
          />
        }
      >
        {({ reports, flaky }) => {
          const latest = reports[0];
          const { totals } = latest.summary;
          const points = passRatePoints(reports);
          return (
            <>
              <Typography variant="h6" component="h3">
                Latest report: {formatPercent(passRate(latest))} passed
              </Typography>
              <Typography variant="body2">
                {[
                  plural(totals.tests, 'test'),
                  `${totals.passed} passed`,
                  `${totals.failed} failed`,
                  plural(totals.errors, 'error'),
                  `${totals.skipped} skipped`,
                  // Not the flaky figure (that is the table below): this report only.
                  `${totals.flaky} passed on a rerun in this report`,
                  formatMs(totals.durationMs),
                ].join(' · ')}{' '}
                ({latest.summary.tool ?? latest.summary.format})
              </Typography>
              <ReportContext report={latest} />
              <Box mt={2}>
                <FailuresTable reportId={latest.id} />
              </Box>
              <Box mt={2}>
                <FlakyTestsTable list={flaky} />
              </Box>
              <TrendChart
                title="Pass rate trend"
                summary={passRateSummary(points)}
                points={points}
                formatY={formatPercent}
                yAxis={{
                  title: 'Pass rate (%)',
                  formatTick: formatPercent,
                  max: 1,
                }}
                xTitle="Report received"
                pointName="report"
              />
            </>
          );
        }}
      </AsyncContent>
    </SectionCard>
  );
};
