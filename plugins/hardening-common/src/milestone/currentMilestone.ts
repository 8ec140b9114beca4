/** What picking the current milestone looks at. */
type MilestoneTimes = {
  id: string;
  createdAt: string;
  freeze: { frozenAt: string } | null;
};

/** The item with the greatest time (ties: the greater milestone id). */
function newest<T>(
  items: readonly T[],
  milestone: (item: T) => MilestoneTimes,
  time: (m: MilestoneTimes) => string,
): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    const m = milestone(item);
    if (best === undefined) {
      best = item;
      continue;
    }
    const b = milestone(best);
    const [t, bt] = [Date.parse(time(m)), Date.parse(time(b))];
    if (t > bt || (t === bt && m.id > b.id)) best = item;
  }
  return best;
}

/**
 * The milestone an entity is working on, the one the milestone freeze card and the
 * scorecards show: the most recently created milestone never frozen (ready or blocked),
 * else the one frozen last (perhaps regressed since). Ties go to the greater id.
 * `milestone` picks the milestone out of an item (e.g. a `MilestoneStatus`).
 *
 * @public
 */
export function currentMilestoneOf<T>(
  items: readonly T[],
  milestone: (item: T) => MilestoneTimes,
): T | undefined {
  const open = items.filter(item => !milestone(item).freeze);
  if (open.length > 0) return newest(open, milestone, m => m.createdAt);
  return newest(items, milestone, m => m.freeze!.frozenAt);
}
