export { RelativeTime } from './RelativeTime';
export { ShortHash } from './ShortHash';
export { formatRelativeTime, formatExactTime } from './relativeTime';
export { principalName } from './principal';
