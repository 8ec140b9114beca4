import { makeStyles } from '@material-ui/core/styles';
import { ComponentPropsWithoutRef } from 'react';
import { CopyButton } from '../CopyButton';
import { hastText, HastNode } from './hast';

const useStyles = makeStyles(theme => ({
  block: { position: 'relative', margin: theme.spacing(1, 0) },
  copy: { marginTop: theme.spacing(0.5) },
}));

/** A code block of a runbook with a "Copy command" button under it. */
export const MarkdownCodeBlock = (
  props: ComponentPropsWithoutRef<'pre'> & { node: HastNode },
) => {
  const { node, children, ...rest } = props;
  const classes = useStyles();
  const code = hastText(node).replace(/\n$/, '');
  return (
    <div className={classes.block}>
      <pre {...rest}>{children}</pre>
      <div className={classes.copy}>
        <CopyButton text={code} label="Copy command" />
      </div>
    </div>
  );
};
