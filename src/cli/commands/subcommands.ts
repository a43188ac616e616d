/** Command-line wiring of the subcommands whose work is loaded only when they run (patterns, explain, completion). */

import { Argument, Command, Option } from 'commander';
import { EXIT } from '../../exit-codes.js';
import { collect, type Io } from '../io.js';
import { subcommandOptions } from '../options.js';
import type { AnalyzeCliOptions } from './analyze.js';

/** The shells `completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * `patterns list|test|new` and `explain`: their options here, their work in patterns.ts and
 * patterns-new.ts, loaded when one of them runs (an analysis never loads them).
 */
export function addPatternCommands(program: Command, io: Io, setCode: (c: number) => void): void {
  const impl = () => import('./patterns.js');
  const patterns = program.command('patterns').description('list and test the signature library');
  patterns
    .command('list')
    .description('list every signature: id, family, severity, title')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--patterns <dir>', 'extra pattern files, loaded after the bundled ones; repeatable', collect, [])
    .action(async (_local: unknown, cmd: Command) => {
      const { listCommand } = await impl();
      setCode(listCommand(subcommandOptions<{ output: string; patterns: string[] }>(cmd), io));
    });
  patterns
    .command('test')
    .description("run every signature's examples and regex safety check (the bundled library when no DIR is given)")
    .argument('[dirs...]', 'pattern directories or files')
    .action(async (dirs: string[]) => {
      const { testCommand } = await impl();
      setCode(testCommand(dirs, io));
    });
  patterns
    .command('new')
    .description('write a signature skeleton (ID.yaml) for an unrecognised-error group of a log or of an earlier JSON report')
    .requiredOption('--from <file>', 'a log file, or a report written with -o json')
    .requiredOption('--id <id>', 'the new signature id (kebab-case); the file is ID.yaml')
    .option('--group <group-id>', 'the unrecognised-error group (u-…); default: the largest')
    .option('--dir <dir>', 'where to write ID.yaml', '.')
    .option('--patterns <dir>', 'extra pattern files, loaded after the bundled ones; repeatable', collect, [])
    .action(async (_local: unknown, cmd: Command) => {
      // The root command's analysis options (given before `patterns`) apply to the analysis of LOGFILE.
      const opts = subcommandOptions<AnalyzeCliOptions & { from: string; id: string; group?: string; dir: string }>(cmd);
      const { newPatternCommand } = await import('./patterns-new.js');
      setCode(await newPatternCommand({ from: opts.from, id: opts.id, dir: opts.dir, ...(opts.group !== undefined ? { group: opts.group } : {}) }, opts, io));
    });
  program
    .command('explain')
    .description('show a signature in full: meaning, causes, fixes and examples')
    .argument('<id>', 'signature or rule id (see patterns list), or catalog (the bundled catalog of well-known kinds)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--patterns <dir>', 'extra pattern files, loaded after the bundled ones; repeatable', collect, [])
    .action(async (id: string, _local: unknown, cmd: Command) => {
      const { explainCommand } = await impl();
      setCode(explainCommand(id, subcommandOptions<{ output: string; patterns: string[] }>(cmd), io));
    });
}

export function addCompletionCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('completion')
    .description('print a shell completion script: source <(kube-log-doctor completion bash)')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .action(async (shell: Shell) => {
      const { completionScript } = await import('./completion.js');
      io.stdout.write(completionScript(program, shell));
      setCode(EXIT.OK);
    });
}
