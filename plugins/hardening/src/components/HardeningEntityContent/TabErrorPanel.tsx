import { ResponseErrorPanel } from '@backstage/core-components';
import { serverMessage } from '../../utils/errors';
import { RetryHint } from '../ScorecardParts/RetryHint';

/**
 * One error for a whole tab (or all its evidence) instead of a red panel per section: the
 * backend's explanation, what to check, and a Retry button that loads everything again.
 */
export const TabErrorPanel = (props: {
  title: string;
  error?: Error;
  onRetry: () => void;
}) => {
  const { title, onRetry } = props;
  const error =
    props.error ?? new Error('no answer from the Hardening backend');
  return (
    <div>
      <ResponseErrorPanel
        title={`${title}: ${serverMessage(error)}`}
        error={error}
      />
      <RetryHint onRetry={onRetry} />
    </div>
  );
};
