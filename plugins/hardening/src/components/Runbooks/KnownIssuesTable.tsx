import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  ComponentPropsWithoutRef,
  createContext,
  ReactNode,
  useContext,
  useMemo,
  useState,
} from 'react';
import { FilterSelect } from '../FilterSelect';
import { hastChildren, hastText, HastNode } from './hast';
import {
  KNOWN_ISSUE_FIELDS,
  KnownIssueField,
  knownIssueColumns,
  tableRows,
} from './knownIssueColumns';

/** A wide table scrolls sideways rather than squeezing its words apart. */
const useStyles = makeStyles({ scroll: { overflowX: 'auto' } });

type Filter = Partial<Record<KnownIssueField, string>>;
type Columns = Partial<Record<KnownIssueField, number>>;

const FIELD_LABELS: Record<KnownIssueField, string> = {
  severity: 'Severity',
  status: 'Status',
  priority: 'Priority',
};

function same(a: string | undefined, b: string): boolean {
  return (
    (a ?? '').trim().toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US')
  );
}

function matches(cells: string[], columns: Columns, filter: Filter): boolean {
  return KNOWN_ISSUE_FIELDS.every(field => {
    const wanted = filter[field];
    const index = columns[field];
    return !wanted || index === undefined || same(cells[index], wanted);
  });
}

const FilterContext = createContext<
  { columns: Columns; filter: Filter } | undefined
>(undefined);

/** The distinct values of a column, in the order the table first uses them. */
function columnValues(rows: string[][], index: number): string[] {
  const values: string[] = [];
  for (const row of rows) {
    const value = row[index];
    if (value && !values.some(v => same(v, value))) values.push(value);
  }
  return values;
}

/**
 * A known-issues table of a runbook, rendered from its Markdown, with a filter for each
 * of its severity, status and priority columns and the number of issues shown.
 */
export const KnownIssuesTable = (props: {
  node: HastNode;
  index: string;
  children: ReactNode;
}) => {
  const { node, index, children } = props;
  const columns = useMemo(() => knownIssueColumns(node), [node]);
  const rows = useMemo(() => tableRows(node, 'tbody'), [node]);
  const [filter, setFilter] = useState<Filter>({});
  const shown = rows.filter(row => matches(row, columns, filter)).length;
  const fields = KNOWN_ISSUE_FIELDS.filter(f => columns[f] !== undefined);
  const context = useMemo(() => ({ columns, filter }), [columns, filter]);
  const classes = useStyles();
  return (
    <div>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        gridGap={16}
        my={1}
        role="group"
        aria-label="Filter known issues"
      >
        {fields.map(field => (
          <FilterSelect
            key={field}
            id={`known-issues-${index}-${field}`}
            label={FIELD_LABELS[field]}
            value={filter[field] ?? ''}
            options={[
              { value: '', label: 'All' },
              ...columnValues(rows, columns[field]!).map(value => ({
                value,
                label: value,
              })),
            ]}
            onChange={value => setFilter({ ...filter, [field]: value })}
          />
        ))}
        <Typography variant="body2" role="status">
          Showing {shown} of {rows.length} known issues
        </Typography>
      </Box>
      <FilterContext.Provider value={context}>
        <div className={classes.scroll}>
          <table>{children}</table>
        </div>
      </FilterContext.Provider>
    </div>
  );
};

type RowProps = ComponentPropsWithoutRef<'tr'> & {
  node: HastNode;
  isHeader?: boolean;
};

/** A table row of a runbook; inside a known-issues table, hidden when filtered out. */
export const MarkdownTableRow = (props: RowProps) => {
  const { node, isHeader, children, ...rest } = props;
  const context = useContext(FilterContext);
  if (context && !isHeader) {
    const cells = hastChildren(node, 'td').map(c => hastText(c).trim());
    if (!matches(cells, context.columns, context.filter)) return null;
  }
  return <tr {...rest}>{children}</tr>;
};

/** A table of a runbook: a known-issues table when the renderer marked it so. */
export const MarkdownTable = (
  props: ComponentPropsWithoutRef<'table'> & { node: HastNode },
) => {
  const { node, children, ...rest } = props;
  const classes = useStyles();
  const index = node.properties?.dataKnownIssues;
  if (typeof index === 'string') {
    return (
      <KnownIssuesTable node={node} index={index}>
        {children}
      </KnownIssuesTable>
    );
  }
  return (
    <div className={classes.scroll}>
      <table {...rest}>{children}</table>
    </div>
  );
};
