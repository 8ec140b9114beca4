import { failureFingerprint } from './failureFingerprint';

describe('failureFingerprint', () => {
  it('is scenarioId|invariantId when the failure names both', () => {
    expect(
      failureFingerprint({
        scenarioId: 'BID-001',
        invariantId: 'TENANT-001',
        message: 'varies from run to run',
      }),
    ).toBe('BID-001|TENANT-001');
  });

  it('hashes what the failure says when an id is missing, keeping the id it has', () => {
    const a = failureFingerprint({
      scenarioId: 'BID-001',
      title: 'winner not selected',
      message: 'expected 1 assignment, got 0',
    });
    expect(a).toMatch(/^BID-001\|#[0-9a-f]{16}$/);
    expect(
      failureFingerprint({
        scenarioId: 'BID-001',
        title: '  winner not selected ',
        message: 'expected 1 assignment,\n  got 0\n',
      }),
    ).toBe(a);
    expect(
      failureFingerprint({
        scenarioId: 'BID-001',
        title: 'winner not selected',
        message: 'expected 1 assignment, got 2',
      }),
    ).not.toBe(a);
    expect(
      failureFingerprint({
        scenarioId: 'BID-002',
        title: 'winner not selected',
        message: 'expected 1 assignment, got 0',
      }),
    ).not.toBe(a);
  });

  it('is stable across runs and platforms (fixed value)', () => {
    expect(failureFingerprint({ invariantId: 'IDEMP-3' })).toBe(
      // FNV-1a 64 of "\n\n" (empty title, symptom and message).
      '|IDEMP-3#08547e07b5084555',
    );
  });
});
