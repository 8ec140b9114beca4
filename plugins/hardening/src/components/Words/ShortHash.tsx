import { CopyTextButton } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  hash: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
  },
  root: { display: 'inline-flex', alignItems: 'center', whiteSpace: 'nowrap' },
}));

/**
 * A hash or long id as people use it: its first 12 characters (enough to recognise it),
 * the whole value on hover, and a button that copies the whole value. `label` names what
 * it is (`chain head`, `report digest`) for the copy button's accessible name.
 */
export const ShortHash = (props: {
  value: string | null | undefined;
  label: string;
}) => {
  const classes = useStyles();
  const { value, label } = props;
  if (!value) return <span>—</span>;
  return (
    <span className={classes.root}>
      <code className={classes.hash} title={value}>
        {value.slice(0, 12)}
      </code>
      <CopyTextButton
        text={value}
        tooltipText={`Copied ${label}`}
        aria-label={`Copy ${label}`}
        variant="tertiary"
      />
    </span>
  );
};
