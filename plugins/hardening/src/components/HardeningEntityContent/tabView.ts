import { SectionLoad } from '../AsyncContent';

/** What the Hardening tab shows, given where its milestones and evidence sections stand. */
export type TabView =
  /** One progress bar until everything has loaded once. */
  | { kind: 'loading' }
  /** Nothing could be loaded: one error with Retry instead of a red panel per section. */
  | { kind: 'down' }
  | {
      kind: 'shown';
      /** Whether the Milestones section is shown (not when the Get started card covers it). */
      milestones: boolean;
      /**
       * The evidence sections; one error with Retry when every one of them failed; one
       * "Get started" card when every one of them is empty.
       */
      evidence: 'sections' | 'error' | 'empty';
    };

/**
 * Decides the {@link TabView}. `settled` is true once the tab was shown: a later reload of
 * one section does not bring the tab's progress bar back.
 */
export function tabView(input: {
  milestones: SectionLoad;
  evidence: SectionLoad[];
  settled: boolean;
}): TabView {
  const { milestones, evidence, settled } = input;
  if (
    !settled &&
    (milestones === 'loading' ||
      evidence.length === 0 ||
      evidence.includes('loading'))
  ) {
    return { kind: 'loading' };
  }
  const all = (load: SectionLoad) =>
    evidence.length > 0 && evidence.every(item => item === load);
  let shown: 'sections' | 'error' | 'empty' = 'sections';
  if (all('error')) shown = 'error';
  else if (all('empty')) shown = 'empty';
  if (shown === 'error' && milestones === 'error') return { kind: 'down' };
  return {
    kind: 'shown',
    milestones: !(shown === 'empty' && milestones === 'empty'),
    evidence: shown,
  };
}
