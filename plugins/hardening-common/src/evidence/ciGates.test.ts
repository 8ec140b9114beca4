import { evaluateRequiredGates, gatesUploadSchema } from './ciGates';

describe('evaluateRequiredGates', () => {
  it('passes only when every required gate passed', () => {
    expect(
      evaluateRequiredGates(
        ['lint', 'build'],
        [
          { name: 'lint', status: 'passed' },
          { name: 'build', status: 'passed' },
          { name: 'e2e', status: 'failed' },
        ],
      ),
    ).toEqual({
      passing: true,
      gates: [
        { name: 'lint', status: 'passed', passing: true },
        { name: 'build', status: 'passed', passing: true },
      ],
    });
  });

  it('counts a required gate without a result, or skipped, as failing', () => {
    const verdict = evaluateRequiredGates(
      ['lint', 'build', 'audit'],
      [
        { name: 'lint', status: 'passed' },
        { name: 'audit', status: 'skipped' },
      ],
    );
    expect(verdict.passing).toBe(false);
    expect(verdict.gates).toEqual([
      { name: 'lint', status: 'passed', passing: true },
      { name: 'build', status: 'missing', passing: false },
      { name: 'audit', status: 'skipped', passing: false },
    ]);
  });
});

describe('gatesUploadSchema', () => {
  it('refuses a gate listed twice, unknown fields and bad names', () => {
    expect(
      gatesUploadSchema.safeParse({
        gates: [
          { name: 'lint', status: 'passed' },
          { name: 'lint', status: 'failed' },
        ],
      }).success,
    ).toBe(false);
    expect(
      gatesUploadSchema.safeParse({
        gates: [{ name: 'lint', status: 'passed', extra: 1 }],
      }).success,
    ).toBe(false);
    expect(
      gatesUploadSchema.safeParse({
        gates: [{ name: 'Lint!', status: 'passed' }],
      }).success,
    ).toBe(false);
    expect(
      gatesUploadSchema.safeParse({
        gates: [{ name: 'lint', status: 'passed' }],
      }).success,
    ).toBe(true);
  });
});
