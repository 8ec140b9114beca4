import { tabView } from './tabView';

describe('tabView', () => {
  it('waits for the milestones and every section before showing anything', () => {
    expect(
      tabView({
        milestones: 'loaded',
        evidence: ['loaded', 'loading'],
        settled: false,
      }),
    ).toEqual({ kind: 'loading' });
    expect(
      tabView({ milestones: 'loading', evidence: ['empty'], settled: false }),
    ).toEqual({ kind: 'loading' });
    expect(
      tabView({ milestones: 'loaded', evidence: [], settled: false }),
    ).toEqual({ kind: 'loading' });
  });

  it('does not bring the progress bar back once shown', () => {
    expect(
      tabView({
        milestones: 'loaded',
        evidence: ['loaded', 'loading'],
        settled: true,
      }),
    ).toEqual({ kind: 'shown', milestones: true, evidence: 'sections' });
  });

  it('stands in for all sections when all failed or all are empty', () => {
    expect(
      tabView({
        milestones: 'error',
        evidence: ['error', 'error'],
        settled: false,
      }),
    ).toEqual({ kind: 'down' });
    expect(
      tabView({
        milestones: 'loaded',
        evidence: ['error', 'error'],
        settled: false,
      }),
    ).toEqual({ kind: 'shown', milestones: true, evidence: 'error' });
    expect(
      tabView({
        milestones: 'empty',
        evidence: ['empty', 'empty'],
        settled: false,
      }),
    ).toEqual({ kind: 'shown', milestones: false, evidence: 'empty' });
    expect(
      tabView({
        milestones: 'loaded',
        evidence: ['empty', 'empty'],
        settled: false,
      }),
    ).toEqual({ kind: 'shown', milestones: true, evidence: 'empty' });
  });

  it('lets each section speak for itself when they differ', () => {
    expect(
      tabView({
        milestones: 'error',
        evidence: ['error', 'empty'],
        settled: false,
      }),
    ).toEqual({ kind: 'shown', milestones: true, evidence: 'sections' });
  });
});
