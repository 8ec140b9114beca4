import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ReactNode } from 'react';
import { serverMessage } from '../../utils/errors';
import { RetryHint } from '../ScorecardParts/RetryHint';
import { LoadState, sectionLoadOf } from './sectionLoad';
import { useReportSectionLoad } from './SectionLoadContext';

/**
 * Shows a progress bar while `state` first loads, the error (with the backend's
 * explanation) when loading failed, `empty` when the value is empty, and otherwise
 * `children(value)`. A reload keeps the previous value on screen. Inside a `SectionLoadProvider` it also reports where it
 * stands, so that the tab can stand in for all its sections at once.
 */
export function AsyncContent<T>(props: {
  state: LoadState<T>;
  errorTitle: string;
  isEmpty?: (value: T) => boolean;
  empty?: ReactNode;
  children: (value: T) => ReactNode;
  /** Given on a tab's only section: the error comes with what to check and Retry. */
  onRetry?: () => void;
}) {
  const { state, errorTitle, isEmpty, empty, children, onRetry } = props;
  useReportSectionLoad(sectionLoadOf(state, isEmpty), state.error);
  if (state.error) {
    return (
      <>
        <ResponseErrorPanel
          title={`${errorTitle}: ${serverMessage(state.error)}`}
          error={state.error}
        />
        {onRetry && <RetryHint onRetry={onRetry} />}
      </>
    );
  }
  if (state.value === undefined) {
    return state.loading ? <Progress /> : null;
  }
  if (isEmpty?.(state.value)) {
    return <>{empty}</>;
  }
  return <>{children(state.value)}</>;
}
