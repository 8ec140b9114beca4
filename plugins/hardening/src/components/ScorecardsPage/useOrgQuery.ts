import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { OrgQuery, orgQueryFromUrl, orgQueryToUrl } from './orgQuery';

/**
 * The page's query, kept in the URL's query string: a reload or a shared link shows the
 * same filters, sort and page. `change` merges a patch into it (replacing the history
 * entry, as Backstage's own filters do).
 */
export function useOrgQuery(): [OrgQuery, (patch: Partial<OrgQuery>) => void] {
  const [params, setParams] = useSearchParams();
  // One object per distinct query, so that other parameters (the team ranking's sort)
  // do not load the scorecards again.
  const key = JSON.stringify(orgQueryFromUrl(params));
  const query = useMemo(() => JSON.parse(key) as OrgQuery, [key]);
  const change = useCallback(
    (patch: Partial<OrgQuery>) =>
      setParams(
        current =>
          orgQueryToUrl(current, { ...orgQueryFromUrl(current), ...patch }),
        { replace: true },
      ),
    [setParams],
  );
  return [query, change];
}
