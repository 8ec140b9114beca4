import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { useSearchParams } from 'react-router-dom';
import {
  readTriageFilters,
  TRIAGE_FILTERS,
  TriageFilterKey,
  TriageFilters,
  withoutTriageFilters,
  withTriageFilter,
} from '../../utils/triageFilters';

const ALL = 'all';

/**
 * The queue's filters, kept in the page's query string (`?class=…&status=…&escalation=…`)
 * so that a filtered queue can be linked, reloaded and gone back to. Changing one
 * replaces the history entry instead of adding one per choice.
 */
export function useTriageFilters() {
  const [params, setParams] = useSearchParams();
  const filters = readTriageFilters(params);
  const setFilter = (key: TriageFilterKey, value: string | undefined) =>
    setParams(current => withTriageFilter(current, key, value), {
      replace: true,
    });
  const clear = () =>
    setParams(current => withoutTriageFilters(current), { replace: true });
  return { filters, setFilter, clear };
}

/** One select per filter (class, status, escalation), each with an "All" choice. */
export const TriageFilterBar = (props: {
  filters: TriageFilters;
  onChange: (key: TriageFilterKey, value: string | undefined) => void;
}) => {
  const { filters, onChange } = props;
  return (
    <Box display="flex" flexWrap="wrap" gridGap={16} mb={2}>
      {TRIAGE_FILTERS.map(filter => (
        <TextField
          key={filter.key}
          id={`triage-filter-${filter.key}`}
          select
          label={filter.label}
          value={filters[filter.key] ?? ALL}
          onChange={event =>
            onChange(
              filter.key,
              event.target.value === ALL ? undefined : event.target.value,
            )
          }
          SelectProps={{ native: true }}
          InputLabelProps={{ shrink: true }}
          variant="outlined"
          size="small"
          style={{ minWidth: 200 }}
        >
          <option value={ALL}>All</option>
          {filter.options.map(option => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </TextField>
      ))}
    </Box>
  );
};
