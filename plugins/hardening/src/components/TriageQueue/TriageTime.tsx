import { createContext, useContext } from 'react';
import { RelativeTime } from '../Words';

const TriageNow = createContext<number | undefined>(undefined);

/**
 * The clock the triage queue's relative times are computed against: the browser's
 * (`undefined`) in the app, a fixed one in tests.
 */
export const TriageClock = TriageNow.Provider;

/** A time of the triage queue: relative, the exact time on hover. */
export const TriageTime = (props: { iso: string | null | undefined }) => (
  <RelativeTime iso={props.iso} now={useContext(TriageNow)} />
);
