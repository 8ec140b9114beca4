export { RelativeTime } from './RelativeTime';
export { ShortHash } from './ShortHash';
export { formatRelativeTime, formatExactTime } from './relativeTime';
export { principalName } from '@hardening/backstage-plugin-hardening-common';
