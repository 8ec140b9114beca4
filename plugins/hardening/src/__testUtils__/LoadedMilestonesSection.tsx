import { MilestonesSection } from '../components/MilestonesSection';
import { useHardeningData } from '../hooks';

/**
 * The Milestones section as the Hardening tab wires it: loaded once, reloaded after a
 * freeze attempt or a save.
 */
export const LoadedMilestonesSection = () => {
  const state = useHardeningData((api, entityRef) =>
    api.listMilestones(entityRef),
  );
  return <MilestonesSection state={state} reload={state.retry} />;
};
