import { EntityScorecard } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { refName } from '../../utils/scorecards';

const useStyles = makeStyles(theme => ({
  list: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(2.5) },
}));

/**
 * Why an entity misses the next level, one rule per line, in a list named
 * `Missing for <level>: <entity>`; says so when the top level is reached.
 */
export const MissingReasons = (props: {
  scorecard: Pick<
    EntityScorecard,
    'entityRef' | 'title' | 'nextLevel' | 'missingForNextLevel'
  >;
}) => {
  const { entityRef, title, nextLevel, missingForNextLevel } = props.scorecard;
  const classes = useStyles();
  if (!nextLevel) {
    return (
      <Typography variant="body2" color="textSecondary">
        Top level reached
      </Typography>
    );
  }
  return (
    <>
      <Typography variant="caption" color="textSecondary">
        For {nextLevel.title}:
      </Typography>
      <ul
        className={classes.list}
        aria-label={`Missing for ${nextLevel.title}: ${
          title ?? refName(entityRef)
        }`}
      >
        {missingForNextLevel.map(reason => (
          <li key={reason}>
            <Typography variant="body2" component="span">
              {reason}
            </Typography>
          </li>
        ))}
      </ul>
    </>
  );
};
