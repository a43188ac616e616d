/** Command-line wiring only: argv → command → exit code. Each command lives in commands/. */

import { Command, CommanderError } from 'commander';
import { EXIT } from '../exit-codes.js';
import { defaultIo, warn, type Io } from './io.js';
import { KldError } from '../errors.js';
import { addAnalyzeOptions, analyzeCommand, type AnalyzeCliOptions } from './commands/analyze.js';
import { terminalSafe } from '../report/terminal-safe.js';
import { addCompletionCommand, addPatternCommands } from './commands/subcommands.js';
import { addFollowOptions, checkFollowOptions, followCommand, type FollowCliOptions } from './commands/follow.js';
import { addMcpCommand } from './commands/mcp.js';
import { TOOL_VERSION } from '../version.js';
import { addTuiCommand, addTuiOptions, checkTuiOptions, tuiCommand, type TuiCliOptions } from './commands/tui.js';

export function buildProgram(io: Io, setCode: (code: number) => void): Command {
  const program = new Command('kube-log-doctor');
  program
    .description(
      'Reads Kubernetes controller and operator logs (files, directories, archives, or stdin), recognises ' +
        'known error signatures, ties them to the kinds and objects they concern, and prints a diagnosis with fixes.',
    )
    .version(TOOL_VERSION, '-V, --version', 'print the version and exit')
    .argument('[paths...]', 'log files or directories; - or nothing reads standard input')
    .showHelpAfterError('(run kube-log-doctor --help for usage)')
    // Options after a subcommand are the subcommand's (`patterns list -o json`), not the root's.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      // Commander's messages quote what the user typed: made terminal-safe like every other message.
      writeErr: (s) => io.stderr.write(terminalSafe(s, true)),
      outputError: (s, write) => write(`kube-log-doctor: ${s.replace(/^error: /, '')}`),
    });
  addTuiOptions(addFollowOptions(addAnalyzeOptions(program))).action(
    async (paths: string[], opts: AnalyzeCliOptions & FollowCliOptions & TuiCliOptions) => {
      checkFollowOptions(opts);
      checkTuiOptions(opts);
      if (opts.tui) setCode(await tuiCommand(paths, opts, io));
      else if (opts.follow) setCode(await followCommand(paths, opts, io));
      else setCode(await analyzeCommand(paths, opts, io));
    },
  );
  addPatternCommands(program, io, setCode);
  addTuiCommand(program, io, setCode);
  addMcpCommand(program, io, setCode);
  addCompletionCommand(program, io, setCode);
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput(program.configureOutput());
  }
  return program;
}

/** Runs the CLI and returns the exit code; user mistakes become one-line messages, never traces. */
export async function run(argv: string[], io: Io = defaultIo()): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander with exit code 0.
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE_OR_INPUT;
    }
    if (err instanceof KldError) {
      warn(io, err.message);
      return err.exitCode;
    }
    throw err;
  }
}
