import { milestoneStatus } from '../../__testUtils__/fixtures';
import {
  MilestoneFormValues,
  milestoneForm,
  newMilestoneForm,
  parseMilestoneForm,
  percentToRatio,
  ratioToPercent,
  splitList,
} from './milestoneFormState';

function form(patch: Partial<MilestoneFormValues>): MilestoneFormValues {
  return {
    ...newMilestoneForm(),
    id: 'M5',
    title: 'Payouts',
    stage: 'hardening-slice',
    p95LimitMs: '250',
    ...patch,
  };
}

describe('milestoneFormState', () => {
  it('starts a new milestone from the schema defaults, with no stage chosen', () => {
    expect(newMilestoneForm()).toEqual({
      id: '',
      title: '',
      stage: '',
      p95LimitMs: '',
      errorRatePercent: '0',
      contractGateIds: '',
      e2eTags: 'e2e:happy, e2e:security',
      requiredGates: 'lint, build',
      tagPattern: 'milestone/{id}-hardened',
    });
  });

  it('splits lists on commas and white space', () => {
    expect(splitList(' lint,build  security.audit ,\n,sbom ')).toEqual([
      'lint',
      'build',
      'security.audit',
      'sbom',
    ]);
    expect(splitList(' , ')).toEqual([]);
  });

  it('converts percent to ratio and back without binary noise', () => {
    expect(percentToRatio(0.1)).toBe(0.001);
    expect(percentToRatio(1.1)).toBe(0.011);
    expect(percentToRatio(100)).toBe(1);
    expect(ratioToPercent(0.011)).toBe(1.1);
    expect(ratioToPercent(0.0007)).toBe(0.07);
  });

  it('reads the form into the PUT body: ratio, lists, trimmed title, defaults', () => {
    const result = parseMilestoneForm(
      form({
        id: ' M5 ',
        title: '  Payouts  ',
        errorRatePercent: '0.5',
        contractGateIds: 'security.auth-before-db, tenant.where-tenant-id',
        e2eTags: 'e2e:happy e2e:security e2e:payouts',
        requiredGates: 'lint,build,sbom',
        tagPattern: '',
      }),
    );
    expect(result).toEqual({
      ok: true,
      id: 'M5',
      update: {
        title: 'Payouts',
        stage: 'hardening-slice',
        thresholds: {
          p95LimitMs: 250,
          errorRateLimit: 0.005,
          contractGateIds: [
            'security.auth-before-db',
            'tenant.where-tenant-id',
          ],
          e2eTags: ['e2e:happy', 'e2e:security', 'e2e:payouts'],
          requiredGates: ['lint', 'build', 'sbom'],
        },
        tagPattern: 'milestone/{id}-hardened',
      },
    });
  });

  it('leaves the contract gates out when none are named (every gate of the contract)', () => {
    const result = parseMilestoneForm(form({ contractGateIds: ' ' }));
    expect(result.ok && 'contractGateIds' in result.update.thresholds).toBe(
      false,
    );
  });

  it('fills the form of an existing milestone and reads it back unchanged', () => {
    const { milestone } = milestoneStatus('M3.3.1', 'ready');
    milestone.thresholds = {
      ...milestone.thresholds,
      errorRateLimit: 0.011,
      contractGateIds: ['security.auth-before-db'],
    };
    const values = milestoneForm(milestone);
    expect(values).toMatchObject({
      id: 'M3.3.1',
      p95LimitMs: '500',
      errorRatePercent: '1.1',
      contractGateIds: 'security.auth-before-db',
      requiredGates: 'lint, build',
    });
    const result = parseMilestoneForm(values);
    expect(result).toEqual({
      ok: true,
      id: 'M3.3.1',
      update: {
        title: milestone.title,
        stage: milestone.stage,
        thresholds: milestone.thresholds,
        tagPattern: milestone.tagPattern,
      },
    });
  });

  it('gives each field its problems in the form’s terms', () => {
    const result = parseMilestoneForm(
      form({
        id: 'M 5',
        title: ' ',
        stage: '',
        p95LimitMs: 'fast',
        errorRatePercent: '150',
        contractGateIds: 'Security.Auth',
        e2eTags: 'e2e:happy e2e:happy',
        requiredGates: ',',
        tagPattern: 'milestone/../{id}',
      }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        id: 'milestone ids are letters, digits, ".", "_" and "-", e.g. M3.3.1',
        title: 'enter a title of at most 200 characters',
        stage: 'choose a stage',
        p95LimitMs:
          'enter a p95 limit in milliseconds, above 0 and at most 86400000',
        errorRatePercent: 'enter a percentage from 0 to 100',
        contractGateIds:
          '"Security.Auth": gate ids are lower-case words joined by ".", "_" or "-", e.g. security.auth_check',
        e2eTags: 'each entry may appear only once',
        requiredGates: 'list at least one gate (at most 100), e.g. lint',
        tagPattern: 'a tag name may not contain ".."',
      },
    });
  });

  it('asks for the p95 limit and a positive one', () => {
    for (const p95LimitMs of ['', '0', '-5']) {
      const result = parseMilestoneForm(form({ p95LimitMs }));
      expect(result.ok ? undefined : result.errors).toEqual({
        p95LimitMs:
          'enter a p95 limit in milliseconds, above 0 and at most 86400000',
      });
    }
  });

  it('refuses the id of an existing milestone, whatever its case', () => {
    const result = parseMilestoneForm(form({ id: 'm3.4' }), ['M3.2', 'M3.4']);
    expect(result).toEqual({
      ok: false,
      errors: { id: 'M3.4 already exists: use its Edit button to change it' },
    });
  });
});
