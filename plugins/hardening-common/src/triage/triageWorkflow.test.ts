import {
  canTransitionTriageStatus,
  defectLinkRequestSchema,
  TRIAGE_STATUSES,
  TRIAGE_STATUSES_REOPENED_ON_RECURRENCE,
  triageClassificationRequestSchema,
  triageStatusRequestSchema,
} from './triageWorkflow';

describe('triage status lifecycle', () => {
  it('goes open → classified → defect-filed → fixed or wont-fix', () => {
    expect(canTransitionTriageStatus('open', 'classified')).toBe(true);
    expect(canTransitionTriageStatus('classified', 'defect-filed')).toBe(true);
    expect(canTransitionTriageStatus('defect-filed', 'fixed')).toBe(true);
    expect(canTransitionTriageStatus('defect-filed', 'wont-fix')).toBe(true);
  });

  it('does not skip classification or leave a closed failure except by reopening', () => {
    expect(canTransitionTriageStatus('open', 'defect-filed')).toBe(false);
    expect(canTransitionTriageStatus('open', 'fixed')).toBe(false);
    expect(canTransitionTriageStatus('fixed', 'defect-filed')).toBe(false);
    expect(canTransitionTriageStatus('wont-fix', 'classified')).toBe(false);
    expect(canTransitionTriageStatus('fixed', 'open')).toBe(true);
  });

  it('never stays open by a transition', () => {
    for (const status of TRIAGE_STATUSES) {
      expect(canTransitionTriageStatus(status, 'open')).toBe(
        status === 'fixed' || status === 'wont-fix',
      );
    }
  });

  it('reopens by itself only fixed failures, along the lifecycle', () => {
    expect(TRIAGE_STATUSES_REOPENED_ON_RECURRENCE).toEqual(['fixed']);
    for (const status of TRIAGE_STATUSES_REOPENED_ON_RECURRENCE) {
      expect(canTransitionTriageStatus(status, 'open')).toBe(true);
    }
  });
});

describe('triage request bodies', () => {
  it('accept a known class with a note', () => {
    expect(
      triageClassificationRequestSchema.parse({
        class: 'flake',
        note: ' races in the bid window ',
      }),
    ).toEqual({ class: 'flake', note: 'races in the bid window' });
  });

  it('refuse unknown classes, statuses and fields', () => {
    expect(
      triageClassificationRequestSchema.safeParse({ class: 'other' }).success,
    ).toBe(false);
    expect(
      triageStatusRequestSchema.safeParse({ to: 'classified' }).success,
    ).toBe(false);
    expect(
      triageStatusRequestSchema.safeParse({ to: 'fixed', by: 'x' }).success,
    ).toBe(false);
    expect(
      triageClassificationRequestSchema.safeParse({
        class: 'flake',
        note: 'a\u0000b',
      }).success,
    ).toBe(false);
  });

  it('accept only http(s) defect links without credentials', () => {
    expect(
      defectLinkRequestSchema.safeParse({
        url: 'https://github.com/acme/payments/issues/12',
      }).success,
    ).toBe(true);
    for (const url of [
      // eslint-disable-next-line no-script-url -- sent to be refused
      'javascript:alert(1)',
      'ftp://example.com/1',
      'https://user:pw@github.com/acme/payments/issues/12',
      'not a url',
    ]) {
      expect(defectLinkRequestSchema.safeParse({ url }).success).toBe(false);
    }
  });
});
