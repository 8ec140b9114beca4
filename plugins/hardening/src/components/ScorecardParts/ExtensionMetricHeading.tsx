import { ScorecardExtensionMetricDefinition } from '@hardening/backstage-plugin-hardening-common';
import Tooltip from '@material-ui/core/Tooltip';

/** A module-added metric's title, with its description on hover or focus. */
export const ExtensionMetricHeading = (props: {
  metric: Pick<ScorecardExtensionMetricDefinition, 'title' | 'description'>;
}) => (
  <Tooltip title={props.metric.description}>
    <span>{props.metric.title}</span>
  </Tooltip>
);
