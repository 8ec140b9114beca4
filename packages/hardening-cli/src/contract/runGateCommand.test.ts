import { runGateCommand } from './runGateCommand';

describe('runGateCommand', () => {
  it('runs through the shell in the checkout and keeps the end of the output', async () => {
    const outcome = await runGateCommand(
      'echo checked && exit 3',
      process.cwd(),
      10_000,
    );
    expect(outcome).toEqual({
      exitCode: 3,
      timedOut: false,
      outputTail: 'checked',
    });
  });

  it('stops a command that runs too long', async () => {
    const outcome = await runGateCommand('sleep 5', process.cwd(), 100);
    expect(outcome.timedOut).toBe(true);
    expect(outcome.exitCode).toBeNull();
  });
});
