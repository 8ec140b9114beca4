import { MilestoneRegression } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { StatusLabel } from '../StatusLabel';
import { RelativeTime } from '../Words';

/**
 * That a frozen milestone regressed after its freeze, when, and on which checks: a status
 * line as strong as the freeze badge, not a note under the milestone.
 */
export const RegressionStatus = (props: {
  regression: MilestoneRegression;
}) => {
  const { regressedAt, failingItems } = props.regression;
  return (
    <Typography variant="subtitle2" component="p">
      <StatusLabel kind="error">
        <strong>Regressed after its freeze</strong>{' '}
        <RelativeTime iso={regressedAt} />
        {failingItems.length > 0 &&
          `: ${failingItems
            .map(item => `${item.label} (${item.reason})`)
            .join('; ')}`}
      </StatusLabel>
    </Typography>
  );
};
