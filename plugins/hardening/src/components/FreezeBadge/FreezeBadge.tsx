import { FreezeState } from '@hardening/backstage-plugin-hardening-common';
import { makeStyles, Theme } from '@material-ui/core/styles';

export const FREEZE_STATE_LABELS: Record<FreezeState, string> = {
  frozen: 'Frozen',
  ready: 'Ready to freeze',
  blocked: 'Blocked',
  regressed: 'Regressed',
};

function background(theme: Theme, state: FreezeState): string {
  switch (state) {
    case 'frozen':
      return theme.palette.info.main;
    case 'ready':
      return theme.palette.success.main;
    case 'blocked':
      return theme.palette.warning.main;
    default:
      return theme.palette.error.main;
  }
}

const useStyles = makeStyles<Theme, { state: FreezeState }>(theme => ({
  badge: ({ state }) => ({
    display: 'inline-block',
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.shape.borderRadius,
    fontWeight: theme.typography.fontWeightBold as number,
    fontSize: theme.typography.body2.fontSize,
    whiteSpace: 'nowrap',
    background: background(theme, state),
    color: theme.palette.getContrastText(background(theme, state)),
  }),
}));

/**
 * The freeze state of a milestone as a coloured badge whose text says the same as the
 * colour (frozen, ready, blocked, regressed).
 */
export const FreezeBadge = (props: {
  state: FreezeState;
  milestoneId: string;
}) => {
  const { state, milestoneId } = props;
  const classes = useStyles({ state });
  return (
    <span
      role="status"
      aria-label={`${milestoneId} freeze status: ${FREEZE_STATE_LABELS[state]}`}
      className={classes.badge}
      data-state={state}
    >
      {FREEZE_STATE_LABELS[state]}
    </span>
  );
};
