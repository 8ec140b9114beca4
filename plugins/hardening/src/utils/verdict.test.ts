import { milestoneStatus, T0, T1 } from '../__testUtils__/fixtures';
import { entityVerdict, newestFirst } from './verdict';

const texts = (items: Parameters<typeof entityVerdict>[0]) =>
  entityVerdict(items).map(part => part.text);

describe('entityVerdict', () => {
  it('leads with the milestone being worked on, then the others that need someone', () => {
    expect(
      texts([
        milestoneStatus('M3.1', 'frozen', { createdAt: T0 }),
        milestoneStatus('M3.2', 'regressed', { createdAt: T0 }),
        milestoneStatus('M3.3.1', 'ready', { createdAt: T0 }),
        milestoneStatus('M3.4', 'blocked', {
          createdAt: T1,
          failing: { stress: 'p95 too high', tag: 'not reported' },
        }),
      ]),
    ).toEqual([
      'M3.4 blocked: 2 of 5 checks failing',
      'M3.3.1 ready to freeze',
      'M3.2 regressed',
    ]);
  });

  it('says how a milestone stands when it is the only one', () => {
    expect(texts([milestoneStatus('M1', 'ready')])).toEqual([
      'M1 ready to freeze: all 5 checks pass',
    ]);
    expect(texts([milestoneStatus('M1', 'frozen')])).toEqual(['M1 frozen']);
    expect(texts([milestoneStatus('M1', 'regressed')])).toEqual([
      'M1 regressed after its freeze: 1 of 5 checks failing',
    ]);
    expect(texts([])).toEqual([]);
  });
});

describe('newestFirst', () => {
  it('orders by creation, then by id with numbers compared as numbers', () => {
    expect(
      newestFirst([
        milestoneStatus('M3.9', 'ready', { createdAt: T0 }),
        milestoneStatus('M3.10', 'ready', { createdAt: T0 }),
        milestoneStatus('M4', 'ready', { createdAt: T1 }),
      ]).map(item => item.milestone.id),
    ).toEqual(['M4', 'M3.10', 'M3.9']);
  });
});
