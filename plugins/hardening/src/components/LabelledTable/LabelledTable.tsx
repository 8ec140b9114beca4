import { ReactNode, useEffect, useRef } from 'react';

/**
 * Names the table rendered inside (Backstage's `Table` takes no ARIA props): the first
 * `<table>` below gets `aria-label`, so tests and screen readers can find it by name.
 * The pagination footer, a second `<table>`, is left alone.
 */
export const LabelledTable = (props: {
  label: string;
  children: ReactNode;
}) => {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current
      ?.querySelector('table')
      ?.setAttribute('aria-label', props.label);
  });
  return <div ref={ref}>{props.children}</div>;
};
