import Button, { ButtonProps } from '@material-ui/core/Button';

/**
 * The one style of the triage actions (classify, status changes, file defect, history):
 * small, outlined, in the primary colour, whatever the action.
 */
export const ActionButton = (
  props: Omit<ButtonProps, 'variant' | 'size' | 'color'>,
) => <Button {...props} variant="outlined" size="small" color="primary" />;
