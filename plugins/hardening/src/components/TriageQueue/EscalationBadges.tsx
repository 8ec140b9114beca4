import { TriageEscalation } from '@hardening/backstage-plugin-hardening-common';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { formatExactTime } from '../Words';

const useStyles = makeStyles(theme => ({
  badge: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
    fontWeight: theme.typography.fontWeightBold as number,
  },
}));

/**
 * The reasons to escalate a failure, as badges whose text says it (the colour only
 * repeats it); the hover title says when or where.
 */
export const EscalationBadges = (props: { escalation: TriageEscalation }) => {
  const { escalation } = props;
  const classes = useStyles();
  return (
    <>
      {escalation.unclassifiedTooLong && (
        <Chip
          size="small"
          className={classes.badge}
          label="Unclassified too long"
          title={
            escalation.escalateAt
              ? `Still open; due for classification by ${formatExactTime(
                  escalation.escalateAt,
                )}`
              : 'Still open past its classification deadline'
          }
        />
      )}
      {escalation.spansScenarioClasses && (
        <Chip
          size="small"
          className={classes.badge}
          label="Spans scenario classes"
          title={`The invariant also fails under ${(
            escalation.scenarioPrefixes ?? []
          ).join(', ')}: suspect the harness or a shared service`}
        />
      )}
    </>
  );
};
