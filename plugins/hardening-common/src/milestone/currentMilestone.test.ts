import { currentMilestoneOf } from './currentMilestone';

type M = {
  id: string;
  createdAt: string;
  freeze: { frozenAt: string } | null;
};

const m = (id: string, createdAt: string, frozenAt?: string): M => ({
  id,
  createdAt,
  freeze: frozenAt ? { frozenAt } : null,
});

const current = (items: M[]) => currentMilestoneOf(items, x => x)?.id;

describe('currentMilestoneOf', () => {
  it('is the most recently created milestone never frozen', () => {
    expect(
      current([
        m('M3.2', '2026-11-01T00:00:00Z', '2026-11-20T00:00:00Z'),
        m('M3.4', '2026-11-03T00:00:00Z'),
        m('M3.3.1', '2026-11-02T00:00:00Z'),
      ]),
    ).toBe('M3.4');
  });

  it('else the one frozen last, even when another was created later', () => {
    expect(
      current([
        m('M2', '2026-11-05T00:00:00Z', '2026-11-10T00:00:00Z'),
        m('M1', '2026-11-01T00:00:00Z', '2026-11-12T00:00:00Z'),
      ]),
    ).toBe('M1');
  });

  it('breaks ties by the greater id, and has none without milestones', () => {
    expect(
      current([
        m('M3.10', '2026-11-01T00:00:00Z'),
        m('M3.9', '2026-11-01T00:00:00Z'),
      ]),
    ).toBe('M3.9');
    expect(current([])).toBeUndefined();
  });
});
