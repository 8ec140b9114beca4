import { Table, TableColumn, TableProps } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import {
  CSSProperties,
  forwardRef,
  HTMLAttributes,
  RefObject,
  useEffect,
  useRef,
  useState,
} from 'react';
import { SortArrow } from './SortArrow';

/** The table sits on its card: no panel, no shadow of its own. */
const Plain = forwardRef<HTMLDivElement, HTMLAttributes<HTMLDivElement>>(
  (props, ref) => <div ref={ref} {...props} />,
);

const ICONS = { ...Table.icons, SortArrow };

/**
 * A heading never breaks inside a word: one word stays on its line, several wrap
 * between words only (all on one line would make wide tables scroll).
 */
function headerStyle(title: TableColumn<any>['title']): CSSProperties {
  return typeof title === 'string' && !/\s/.test(title.trim())
    ? { whiteSpace: 'nowrap' }
    : { wordBreak: 'keep-all', overflowWrap: 'normal' };
}

type Sort = { index: number; direction: 'asc' | 'desc' } | undefined;

function defaultSort<T extends object>(columns: TableColumn<T>[]): Sort {
  const index = columns.findIndex(c => c.defaultSort && c.sorting !== false);
  return index < 0
    ? undefined
    : { index, direction: columns[index].defaultSort! };
}

/**
 * Names the table (Backstage's `Table` takes no ARIA props) and marks the sorted column
 * with `aria-sort`, on the first `<table>` below `root` (the pagination footer is a
 * second one, left alone).
 */
function useTableAria(
  root: RefObject<HTMLElement>,
  label: string | undefined,
  sort: Sort,
  columnCount: number,
) {
  useEffect(() => {
    const table = root.current?.querySelector('table');
    if (!table) return;
    if (label) table.setAttribute('aria-label', label);
    const headers = table.querySelectorAll('thead th');
    if (headers.length !== columnCount) return;
    headers.forEach((header, index) => {
      if (sort && index === sort.index) {
        header.setAttribute(
          'aria-sort',
          sort.direction === 'asc' ? 'ascending' : 'descending',
        );
      } else {
        header.removeAttribute('aria-sort');
      }
    });
  });
}

export type CardTableProps<T extends object> = TableProps<T> & {
  /** The table's accessible name; its `title` when that is text. */
  label?: string;
};

/**
 * Backstage's `Table` as part of a card (an `InfoCard`, a section of the Hardening tab):
 * no panel or shadow of its own, no toolbar (the card is titled already; `title`, when
 * given, is a level-3 heading above the table, for a card that holds several), dense
 * rows, no empty filler rows on the last page, headings never broken inside a word, and sort arrows
 * that point up for ascending and down for descending. Clicking a heading sorts
 * ascending, then descending.
 */
export function CardTable<T extends object>(props: CardTableProps<T>) {
  const { title, label, columns, options, components, onOrderChange, ...rest } =
    props;
  const ref = useRef<HTMLDivElement>(null);
  const initial = defaultSort(columns);
  const [sort, setSort] = useState<Sort>(initial);
  const [initialKey, setInitialKey] = useState(JSON.stringify(initial));
  // A sort that the columns now ask for (e.g. read from the URL) wins.
  if (JSON.stringify(initial) !== initialKey) {
    setInitialKey(JSON.stringify(initial));
    setSort(initial);
  }
  useTableAria(
    ref,
    label ?? (typeof title === 'string' ? title : undefined),
    sort,
    columns.filter(c => !c.hidden).length,
  );
  return (
    <div ref={ref}>
      {title && (
        <Typography variant="h6" component="h3">
          {title}
        </Typography>
      )}
      <Table<T>
        {...rest}
        columns={columns.map(column => ({
          ...column,
          headerStyle: { ...headerStyle(column.title), ...column.headerStyle },
        }))}
        icons={ICONS}
        components={{ Container: Plain, ...components }}
        onOrderChange={(index, direction) => {
          setSort(direction ? { index, direction } : undefined);
          onOrderChange?.(index, direction);
        }}
        options={{
          search: false,
          padding: 'dense',
          emptyRowsWhenPaging: false,
          thirdSortClick: false,
          draggable: false,
          ...options,
          toolbar: Boolean(options?.search),
          showTitle: false,
        }}
      />
    </div>
  );
}
