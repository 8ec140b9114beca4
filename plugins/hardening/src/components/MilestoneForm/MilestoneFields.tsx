import {
  DEFAULT_MILESTONE_TAG_PATTERN,
  milestoneStageSchema,
  milestoneTagName,
} from '@hardening/backstage-plugin-hardening-common';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import { STAGE_LABELS } from '../../utils/milestones';
import {
  MilestoneFormErrors,
  MilestoneFormField,
  MilestoneFormValues,
} from './milestoneFormState';

type Field = {
  name: MilestoneFormField;
  label: string;
  /** What the field means, under it while it has no problem. */
  help: string | ((values: MilestoneFormValues) => string);
  width: 4 | 6 | 8 | 12;
  inputMode?: 'decimal' | 'numeric';
};

const FIELDS: Field[] = [
  {
    name: 'id',
    label: 'Milestone id',
    help: 'Letters, digits, ".", "_" and "-", e.g. M3.3.1',
    width: 4,
  },
  {
    name: 'title',
    label: 'Title',
    help: 'What the milestone delivers',
    width: 8,
  },
  {
    name: 'stage',
    label: 'Stage',
    help: 'Declared by the team; the freeze state is computed',
    width: 4,
  },
  {
    name: 'p95LimitMs',
    label: 'p95 limit (ms)',
    help: 'Highest p95 of every happy and read phase of the newest stress run',
    width: 4,
    inputMode: 'numeric',
  },
  {
    name: 'errorRatePercent',
    label: 'Error-rate limit (%)',
    help: 'Highest share of failed reads, in percent (0.1 = 1 in 1000); happy phases must have none',
    width: 4,
    inputMode: 'decimal',
  },
  {
    name: 'contractGateIds',
    label: 'Contract gate ids',
    help: 'Comma or space separated; empty: every gate of the current contract',
    width: 12,
  },
  {
    name: 'e2eTags',
    label: 'E2E tags',
    help: 'Each needs a test report carrying it, with a passing test and no failure',
    width: 6,
  },
  {
    name: 'requiredGates',
    label: 'Required gates',
    help: 'CI gates whose newest result must be passed',
    width: 6,
  },
  {
    name: 'tagPattern',
    label: 'Tag pattern',
    help: values =>
      `{id} stands for the lower-cased milestone id; the tag to report: ${milestoneTagName(
        {
          id: values.id.trim() || '{id}',
          tagPattern: values.tagPattern.trim() || DEFAULT_MILESTONE_TAG_PATTERN,
        },
      )}`,
    width: 12,
  },
];

const OPTIONAL: MilestoneFormField[] = ['contractGateIds', 'tagPattern'];

const STAGE_OPTIONS = [
  <option key="" value="" disabled>
    Choose a stage
  </option>,
  ...milestoneStageSchema.options.map(stage => (
    <option key={stage} value={stage}>
      {STAGE_LABELS[stage]}
    </option>
  )),
];

/**
 * The fields of the milestone form, each with its problem (or what it means) under it.
 * The id is read-only when editing: the path of the PUT names the milestone.
 */
export const MilestoneFields = (props: {
  values: MilestoneFormValues;
  errors: MilestoneFormErrors;
  editing: boolean;
  onChange: (field: MilestoneFormField, value: string) => void;
}) => {
  const { values, errors, editing, onChange } = props;
  return (
    <Grid container spacing={2}>
      {FIELDS.map(spec => {
        const { name } = spec;
        const readOnly = editing && name === 'id';
        const help = readOnly
          ? 'The id of a milestone cannot change'
          : spec.help;
        return (
          <Grid item xs={12} sm={spec.width} key={name}>
            <TextField
              id={`milestone-form-${name}`}
              label={spec.label}
              value={values[name]}
              onChange={event => onChange(name, event.target.value)}
              error={errors[name] !== undefined}
              helperText={
                errors[name] ??
                (typeof help === 'function' ? help(values) : help)
              }
              fullWidth
              variant="outlined"
              size="small"
              required={!OPTIONAL.includes(name)}
              select={name === 'stage'}
              SelectProps={{ native: true }}
              InputProps={{ readOnly }}
              inputProps={spec.inputMode ? { inputMode: spec.inputMode } : {}}
            >
              {name === 'stage' ? STAGE_OPTIONS : undefined}
            </TextField>
          </Grid>
        );
      })}
    </Grid>
  );
};
