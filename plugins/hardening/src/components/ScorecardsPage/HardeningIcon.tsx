import SvgIcon from '@material-ui/core/SvgIcon';

/** A shield, for the "Hardening" item of the sidebar. */
export const HardeningIcon = () => (
  <SvgIcon fontSize="small" aria-hidden>
    <path d="M12 2 4 5.2v6.1c0 4.9 3.4 9.4 8 10.7 4.6-1.3 8-5.8 8-10.7V5.2L12 2zm-1.2 14.2-3.6-3.6 1.4-1.4 2.2 2.2 4.8-4.8 1.4 1.4-6.2 6.2z" />
  </SvgIcon>
);
