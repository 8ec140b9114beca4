import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  field: { minWidth: 160 },
});

/** One choice of a {@link FilterSelect}: `value` is what is stored, `label` what is shown. */
export type FilterOption = { value: string; label: string };

/**
 * A labelled drop-down filter. Its first option is usually "All …" with the value `''`,
 * which Material UI treats as empty: the label is kept above the field (shrunk, with
 * the gap in the outline) so that it is never drawn over the value shown.
 */
export const FilterSelect = (props: {
  id: string;
  label: string;
  value: string;
  options: FilterOption[];
  onChange: (value: string) => void;
}) => {
  const classes = useStyles();
  return (
    <TextField
      id={props.id}
      select
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      variant="outlined"
      size="small"
      className={classes.field}
    >
      {props.options.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
};
