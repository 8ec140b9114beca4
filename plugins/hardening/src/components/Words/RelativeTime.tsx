import Tooltip from '@material-ui/core/Tooltip';
import { formatExactTime, formatRelativeTime } from './relativeTime';

/**
 * A time as people read it in Backstage: relative (`3 hours ago`), with the exact time in
 * the viewer's zone on hover and in the `<time>` element's `dateTime` for machines.
 * Shows `—` when there is no time.
 */
export const RelativeTime = (props: {
  iso: string | null | undefined;
  /** For tests: the clock the relative text is computed against. */
  now?: number;
}) => {
  const { iso, now } = props;
  if (!iso) return <span>—</span>;
  const exact = formatExactTime(iso);
  return (
    <Tooltip title={exact}>
      <time dateTime={iso} aria-label={exact}>
        {formatRelativeTime(iso, now)}
      </time>
    </Tooltip>
  );
};
