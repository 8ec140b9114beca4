import {
  describeMilestoneStressVerdict,
  judgeStressRunAgainstLimits,
  MilestoneStatus,
  StressRun,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { passFail, StatusLabel } from '../StatusLabel';

/**
 * Each milestone's verdict on a stress run against its own limits (`M3.4: fails, p95 256 ms
 * against its limit of 100 ms`), judged as its freeze checklist judges the newest run.
 */
export const MilestoneStressVerdicts = (props: {
  run: StressRun;
  milestones?: MilestoneStatus[];
}) => {
  const { run, milestones } = props;
  if (!milestones || milestones.length === 0) return null;
  return (
    <ul aria-label="Latest run against each milestone's limits">
      {milestones.map(({ milestone }) => (
        <li key={milestone.id}>
          <Typography variant="body2" component="span">
            <StatusLabel
              kind={passFail(
                judgeStressRunAgainstLimits(run, milestone.thresholds).passing,
              )}
            >
              {describeMilestoneStressVerdict(
                milestone.id,
                run,
                milestone.thresholds,
              )}
            </StatusLabel>
          </Typography>
        </li>
      ))}
    </ul>
  );
};
