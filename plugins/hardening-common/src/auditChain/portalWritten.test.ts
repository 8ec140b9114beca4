import { auditChainActionSchema } from './entry';
import {
  describePortalWrittenAction,
  isPortalWrittenAuditChainAction,
} from './portalWritten';

describe('portal-written audit chain actions', () => {
  it('are freeze alone; every release step a script runs is not one', () => {
    expect(
      auditChainActionSchema.options.filter(isPortalWrittenAuditChainAction),
    ).toEqual(['freeze']);
    expect(isPortalWrittenAuditChainAction('toString')).toBe(false);
  });

  it('say who writes them and when', () => {
    expect(describePortalWrittenAction('freeze')).toBe(
      'action freeze is written by the portal only (when a milestone is frozen)',
    );
  });
});
