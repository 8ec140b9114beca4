import { useState } from 'react';
import { HardeningTab } from './HardeningTab';

/**
 * The "Hardening" tab of an entity page (see {@link HardeningTab}). Retry, after the
 * backend could not be reached, mounts the tab afresh so that every section loads again.
 */
export const HardeningEntityContent = () => {
  const [attempt, setAttempt] = useState(0);
  return <HardeningTab key={attempt} onRetry={() => setAttempt(n => n + 1)} />;
};
