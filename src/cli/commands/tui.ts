/** `tui [PATH…]` and `--tui`: the interactive terminal UI (src/tui), loaded only when asked for. */

import { Command } from 'commander';
import type { Io } from '../io.js';
import { addAnalyzeOptions, exitCodeFor, runAnalysis, type AnalyzeCliOptions } from './analyze.js';
import { UsageError } from '../../errors.js';
import { subcommandOptions } from '../options.js';

export interface TuiCliOptions {
  tui?: boolean;
  printSelection?: string;
}

const PRINT_SELECTION_HELP = 'write the fix command chosen with c to this file on exit (instead of printing it)';

/** `--tui` and `--print-selection` on the root command. */
export function addTuiOptions(cmd: Command): Command {
  return cmd
    .option('--tui', 'explore the findings in the interactive terminal UI (same as the tui command)')
    .option('--print-selection <file>', `with --tui: ${PRINT_SELECTION_HELP}`);
}

/** Options that only make sense with --tui. */
export function checkTuiOptions(opts: TuiCliOptions & { follow?: boolean; html?: string }): void {
  if (opts.tui && opts.html !== undefined) throw new UsageError('--html writes a report file; it does not apply with --tui (run without --tui to write it).');
  if (opts.printSelection !== undefined && !opts.tui) throw new UsageError('--print-selection only applies with --tui (or the tui command).');
  if (opts.tui && opts.follow) throw new UsageError('--tui and --follow are two ways of watching a live input; choose one.');
}

export async function tuiCommand(paths: string[], opts: AnalyzeCliOptions & TuiCliOptions, io: Io): Promise<number> {
  checkTuiOptions({ ...opts, tui: true });
  // Ink and React load only here, so the report commands start as fast as before.
  const { runTui } = await import('../../tui/run-tui.js');
  const report = await runTui(
    paths,
    { ...(opts.printSelection !== undefined ? { printSelection: opts.printSelection } : {}), color: opts.color, analyze: (quietIo, live) => runAnalysis(paths, opts, quietIo, { live }) },
    io,
  );
  return exitCodeFor(report, opts.failOn, opts.strict === true);
}

/** The `tui [paths...]` command. */
export function addTuiCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  const tui = new Command('tui')
    .description(
      'explore the diagnosis in an interactive terminal UI; live when logs are piped in ' +
        '(kubectl logs -f … | kube-log-doctor tui), with keys read from the terminal; press ? there for the keys',
    )
    .argument('[paths...]', 'log files or directories; - or nothing reads standard input');
  addAnalyzeOptions(tui)
    .option('--print-selection <file>', PRINT_SELECTION_HELP)
    .action(async (paths: string[], _local: unknown, cmd: Command) => {
      // Options given before `tui` belong to the root command, those after it to tui.
      setCode(await tuiCommand(paths, subcommandOptions<AnalyzeCliOptions & TuiCliOptions>(cmd), io));
    });
  program.addCommand(tui);
}
