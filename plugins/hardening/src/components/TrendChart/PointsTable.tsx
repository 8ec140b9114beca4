import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  /** Read by screen readers, not drawn: the chart is its picture. */
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

/** A chart's figures as a table that only screen readers see: the chart's text alternative. */
export const PointsTable = (props: {
  caption: string;
  columns: string[];
  rows: { key: string | number; cells: string[] }[];
}) => {
  const classes = useStyles();
  return (
    <table className={classes.hidden}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map(column => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map(row => (
          <tr key={row.key}>
            {row.cells.map((cell, i) => (
              <td key={props.columns[i]}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
};
