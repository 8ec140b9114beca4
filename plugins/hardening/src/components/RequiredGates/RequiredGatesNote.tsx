import {
  describeRequiredGates,
  RequiredGates,
} from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';

/**
 * Which required CI gates a milestone (or an entity without one) needs and where they come
 * from, in the one sentence every view shows: the milestone card, the milestone freeze
 * card, the CI gates section and the scorecard card.
 */
export const RequiredGatesNote = (props: { required: RequiredGates }) => (
  <Typography variant="body2" color="textSecondary" component="p">
    {describeRequiredGates(props.required)}
  </Typography>
);
