import { StoredContractViolation } from '@hardening/backstage-plugin-hardening-common';
import Typography from '@material-ui/core/Typography';

/** `file:line`, `file`, or nothing for violations of command gates. */
export function violationPlace(violation: StoredContractViolation): string {
  if (!violation.file) return '';
  return violation.line
    ? `${violation.file}:${violation.line}`
    : violation.file;
}

/** The violations of one gate as `file:line message` lines. */
export const ViolationsList = (props: {
  gateId: string;
  violations: StoredContractViolation[];
  total: number;
}) => {
  const { gateId, violations, total } = props;
  return (
    <div>
      <Typography variant="subtitle2" component="h4">
        Violations of {gateId} ({total})
      </Typography>
      <ul aria-label={`Violations of ${gateId}`}>
        {violations.map((violation, index) => (
          <li key={index}>
            <Typography variant="body2" component="span">
              {violationPlace(violation) && (
                <code>{violationPlace(violation)}</code>
              )}{' '}
              {violation.message}
            </Typography>
          </li>
        ))}
      </ul>
      {total > violations.length && (
        <Typography variant="caption" color="textSecondary">
          {total - violations.length} more not shown.
        </Typography>
      )}
    </div>
  );
};
