import { FlakyTestList } from '@hardening/backstage-plugin-hardening-common';
import { formatTime } from './format';

/**
 * The flaky figure of a `GET …/tests/flaky` answer with its window: `5 in the last 14
 * days` (the words of `describeFlakyCount`), or `… since <time>` for another start.
 */
export function flakyFigure(
  list: Pick<FlakyTestList, 'total' | 'windowDays' | 'since'>,
): string {
  return list.windowDays === null
    ? `${list.total} since ${formatTime(list.since)}`
    : `${list.total} in the last ${list.windowDays} days`;
}
