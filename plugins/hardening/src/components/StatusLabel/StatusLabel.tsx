import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

/** How something stands, for its status icon. */
export type StatusKind = 'ok' | 'error' | 'warning' | 'pending';

const ICONS = {
  ok: StatusOK,
  error: StatusError,
  warning: StatusWarning,
  pending: StatusPending,
};

const useStyles = makeStyles({
  // Backstage's status components are block-level flex boxes: keep icon and text on one line.
  root: { display: 'inline-flex', alignItems: 'baseline' },
});

/**
 * A status icon followed by text that says the same, so colour is never the only cue.
 * The icon is hidden from assistive technology (Backstage's status components hide
 * their children too), the text is not.
 */
export const StatusLabel = (props: {
  kind: StatusKind;
  children: ReactNode;
}) => {
  const Icon = ICONS[props.kind];
  const classes = useStyles();
  return (
    <span className={classes.root} data-status={props.kind}>
      <Icon />
      <span>{props.children}</span>
    </span>
  );
};

/** `ok` for a passing check, `error` otherwise. */
export function passFail(passing: boolean): StatusKind {
  return passing ? 'ok' : 'error';
}
