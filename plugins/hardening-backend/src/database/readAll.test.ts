import { Knex } from 'knex';
import { readAll } from './readAll';

describe('readAll', () => {
  /** Reads that record when they start and end. */
  function reads() {
    const log: string[] = [];
    const read = (name: string) => async () => {
      log.push(`start ${name}`);
      await new Promise(resolve => setTimeout(resolve, 5));
      log.push(`end ${name}`);
      return name;
    };
    return { log, reads: [read('a'), read('b')] as const };
  }

  it('runs the reads at once on a pool', async () => {
    const { log, reads: r } = reads();
    expect(await readAll({} as Knex, r)).toEqual(['a', 'b']);
    expect(log).toEqual(['start a', 'start b', 'end a', 'end b']);
  });

  it('runs them one after another in a transaction', async () => {
    const { log, reads: r } = reads();
    expect(await readAll({ isTransaction: true } as Knex, r)).toEqual([
      'a',
      'b',
    ]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
  });
});
