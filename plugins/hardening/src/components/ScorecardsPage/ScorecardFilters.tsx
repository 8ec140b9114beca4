import { ScorecardFilterOptions } from '@hardening/backstage-plugin-hardening-common';
import { makeStyles } from '@material-ui/core/styles';
import { refName } from '../../utils/scorecards';
import { FilterSelect } from '../FilterSelect';
import { OrgQuery, TREND_WEEKS } from './orgQuery';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    margin: theme.spacing(2, 0),
  },
}));

/** The current value stays selectable even when the latest options no longer hold it. */
function withCurrent(values: string[], current: string | undefined): string[] {
  return current && !values.includes(current) ? [current, ...values] : values;
}

function fieldId(label: string): string {
  return `hardening-scorecards-${label
    .toLocaleLowerCase('en-US')
    .replace(/\W+/g, '-')}`;
}

/** The entity filters: query key, label, the "all" choice, where the values are. */
const ENTITY_FILTERS = [
  { key: 'system', label: 'System', all: 'All systems', values: 'systems' },
  { key: 'tier', label: 'Tier', all: 'All tiers', values: 'tiers' },
  {
    key: 'lifecycle',
    label: 'Lifecycle',
    all: 'All lifecycles',
    values: 'lifecycles',
  },
] as const;

/**
 * Select inputs for the system, tier and lifecycle of the entities in scope (their
 * values read from the scorecards response) and for the weeks of the trend.
 */
export const ScorecardFilters = (props: {
  options: ScorecardFilterOptions;
  query: OrgQuery;
  onChange: (patch: Partial<OrgQuery>) => void;
}) => {
  const { options, query, onChange } = props;
  const classes = useStyles();
  return (
    <div className={classes.root} role="group" aria-label="Scorecard filters">
      {ENTITY_FILTERS.map(filter => (
        <FilterSelect
          key={filter.key}
          id={fieldId(filter.label)}
          label={filter.label}
          value={query[filter.key] ?? ''}
          options={[
            { value: '', label: filter.all },
            ...withCurrent(options[filter.values], query[filter.key]).map(
              value => ({
                value,
                label: filter.key === 'system' ? refName(value) : value,
              }),
            ),
          ]}
          onChange={value => onChange({ [filter.key]: value || undefined })}
        />
      ))}
      <FilterSelect
        id={fieldId('Trend period')}
        label="Trend period"
        value={String(query.weeks)}
        options={TREND_WEEKS.map(weeks => ({
          value: String(weeks),
          label: `Last ${weeks} weeks`,
        }))}
        onChange={value => onChange({ weeks: Number(value) })}
      />
    </div>
  );
};
