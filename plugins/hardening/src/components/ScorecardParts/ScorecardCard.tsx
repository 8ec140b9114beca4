import { InfoCard } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { scorecardsRouteRef } from '../../routes';
import { AsyncContent, LoadState } from '../AsyncContent';
import { RetryHint } from './RetryHint';

/**
 * The frame of the "Hardening scorecard" cards: the heading, a link to the scorecards
 * page named `compareTitle`, and the loaded scorecard, or its progress bar, its error
 * with a Retry button, or `empty`.
 */
export function ScorecardCard<T>(props: {
  compareTitle: string;
  state: LoadState<T> & { retry: () => void };
  isEmpty?: (value: T) => boolean;
  empty?: ReactNode;
  children: (value: T) => ReactNode;
}) {
  const { compareTitle, state, isEmpty, empty, children } = props;
  const orgPage = useRouteRef(scorecardsRouteRef);
  return (
    <InfoCard
      title={
        <Typography variant="h5" component="h2">
          Hardening scorecard
        </Typography>
      }
      headerProps={{ disableTypography: true }}
      deepLink={orgPage ? { title: compareTitle, link: orgPage() } : undefined}
    >
      <AsyncContent
        state={state}
        errorTitle="Could not load the scorecard"
        isEmpty={isEmpty}
        empty={empty}
      >
        {children}
      </AsyncContent>
      {state.error && <RetryHint onRetry={state.retry} />}
    </InfoCard>
  );
}
