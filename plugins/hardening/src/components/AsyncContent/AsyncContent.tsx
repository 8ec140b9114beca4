import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { ReactNode } from 'react';
import { serverMessage } from '../../utils/errors';
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
}) {
  const { state, errorTitle, isEmpty, empty, children } = props;
  useReportSectionLoad(sectionLoadOf(state, isEmpty), state.error);
  if (state.error) {
    return (
      <ResponseErrorPanel
        title={`${errorTitle}: ${serverMessage(state.error)}`}
        error={state.error}
      />
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
