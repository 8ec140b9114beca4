import {
  createContext,
  ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
} from 'react';
import { SectionLoad } from './sectionLoad';

/** Records where the section `id` stands; `undefined` when it is gone. */
export type ReportSectionLoad = (
  id: string,
  load?: { load: SectionLoad; error?: Error },
) => void;

const SectionLoadContext = createContext<ReportSectionLoad | undefined>(
  undefined,
);

/** Names each reporting section (not React's `useId`: the plugin supports React 16 and 17). */
let sections = 0;

/**
 * Tells the enclosing {@link SectionLoadProvider}, if any, where this section stands;
 * called by `AsyncContent`, so every section of a tab reports without knowing the tab.
 */
export function useReportSectionLoad(load: SectionLoad, error?: Error) {
  const report = useContext(SectionLoadContext);
  const [id] = useState(() => {
    sections += 1;
    return `section-${sections}`;
  });
  useEffect(() => {
    report?.(id, { load, error });
  }, [report, id, load, error]);
  useEffect(() => () => report?.(id, undefined), [report, id]);
}

/** What the sections inside a {@link SectionLoadProvider} report, in mount order. */
export type SectionLoads = {
  loads: SectionLoad[];
  /** The first error a section reported. */
  error?: Error;
};

/** Collects what the sections below report to `report` (see {@link useSectionLoads}). */
export const SectionLoadProvider = (props: {
  report: ReportSectionLoad;
  children: ReactNode;
}) => (
  <SectionLoadContext.Provider value={props.report}>
    {props.children}
  </SectionLoadContext.Provider>
);

/**
 * Collects the {@link SectionLoad}s of the sections rendered inside a
 * {@link SectionLoadProvider} given `report`, so that a tab can show one progress bar,
 * one error or one empty state for all of them.
 */
export function useSectionLoads(): SectionLoads & {
  report: ReportSectionLoad;
} {
  const [entries, setEntries] = useState<
    Map<string, { load: SectionLoad; error?: Error }>
  >(() => new Map());
  const report = useCallback<ReportSectionLoad>((id, load) => {
    setEntries(previous => {
      const current = previous.get(id);
      if (current?.load === load?.load && current?.error === load?.error) {
        return previous;
      }
      const next = new Map(previous);
      if (load) next.set(id, load);
      else next.delete(id);
      return next;
    });
  }, []);
  const values = [...entries.values()];
  return {
    loads: values.map(entry => entry.load),
    error: values.find(entry => entry.error)?.error,
    report,
  };
}
