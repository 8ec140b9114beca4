import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './CliError';
import { CliIo, processIo } from './cliIo';
import { chainCommand } from './commands/chainCommand';
import { contractCommand } from './commands/contractCommand';
import { keysCommand } from './commands/keysCommand';
import { uploadCommand } from './commands/uploadCommand';
import { CLI_VERSION } from './version';

/**
 * Runs the `hardening` command with `argv` (the arguments after the program name) and
 * returns its exit code; see {@link EXIT}. Never calls `process.exit`.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.OK;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const program = new Command('hardening')
    .description(
      'Hardening evidence from CI: uploads, delivery-contract checks, release audit chains',
    )
    .version(CLI_VERSION)
    .configureOutput({
      writeOut: text => io.stdout.write(text),
      writeErr: text => io.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError()
    .addCommand(uploadCommand(io, setExitCode))
    .addCommand(contractCommand(io, setExitCode))
    .addCommand(chainCommand(io, setExitCode))
    .addCommand(keysCommand(io, setExitCode));
  // Subcommands report usage errors through the same override and output.
  const configure = (command: Command) => {
    command
      .exitOverride()
      .configureOutput({
        writeOut: text => io.stdout.write(text),
        writeErr: text => io.stderr.write(text),
      })
      .showHelpAfterError();
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; usage errors were printed already.
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    if (error instanceof CliError) {
      io.stderr.write(`hardening: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(
      `hardening: unexpected error: ${(error as Error)?.stack ?? error}\n`,
    );
    return EXIT.UNAVAILABLE;
  }
}

/** Runs the command with the process's arguments and exits with its exit code. */
export function runAndExit(): void {
  run(process.argv.slice(2), processIo()).then(
    code => {
      process.exitCode = code;
    },
    error => {
      process.stderr.write(`hardening: ${error?.stack ?? error}\n`);
      process.exitCode = EXIT.UNAVAILABLE;
    },
  );
}
