import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * A button that puts `text` on the clipboard, followed by a live message saying whether
 * it worked. Without clipboard access (an insecure origin, a denied permission) the
 * message says to select and copy the text instead.
 */
export const CopyButton = (props: {
  text: string;
  /** The button's accessible name, e.g. `Copy command`. */
  label: string;
  /** The visible text; `Copy` by default. */
  children?: string;
}) => {
  const { text, label, children = 'Copy' } = props;
  const [state, setState] = useState<CopyState>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span>
      <Button size="small" variant="outlined" aria-label={label} onClick={copy}>
        {children}
      </Button>{' '}
      <Typography variant="caption" role="status" component="span">
        {state === 'copied' && 'Copied'}
        {state === 'failed' &&
          'Could not use the clipboard: select the text and copy it'}
      </Typography>
    </span>
  );
};
