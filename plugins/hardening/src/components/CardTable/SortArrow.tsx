import SvgIcon, { SvgIconProps } from '@material-ui/core/SvgIcon';
import { forwardRef } from 'react';

/**
 * The sort icon of a table heading: a downward arrow, as Material UI's `TableSortLabel`
 * expects. It turns it upside down for an ascending sort, so ascending points up and
 * descending down. (Backstage's `Table` passes an upward arrow, which the same rotation
 * turns the wrong way.)
 */
export const SortArrow = forwardRef<SVGSVGElement, SvgIconProps>(
  (props, ref) => (
    <SvgIcon {...props} ref={ref}>
      <path d="M20 12l-1.41-1.41L13 16.17V4h-2v12.17l-5.58-5.59L4 12l8 8 8-8z" />
    </SvgIcon>
  ),
);
