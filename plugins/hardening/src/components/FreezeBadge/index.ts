export { FreezeBadge, FREEZE_STATE_LABELS } from './FreezeBadge';
