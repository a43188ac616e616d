/** Command-line wiring only: argv → options → pipeline → report → exit code. */

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT } from './exit-codes.js';
import { KldError, UsageError } from '../errors.js';
import { loadLibrary } from '../library/load.js';
import { KindRegistry, loadCrds, crdsFromText } from '../correlate/registry.js';
import { collectInputs } from '../input/sources.js';
import { analyze } from '../pipeline.js';
import { SEVERITIES, severityRank, type Report, type Severity } from '../model/finding.js';
import { renderReport, REPORTERS, type ReporterName } from '../report/index.js';
import { wantsColor } from '../report/style.js';
import { readFileSync } from 'node:fs';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number.');
  return n;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface MainOptions {
  output: ReporterName;
  crds: string[];
  patterns: string[];
  failOn: Severity | 'none';
  color: boolean;
  maxLineLength: number;
}

/** Exit code for a finished analysis under --fail-on. */
export function exitCodeFor(report: Report, failOn: Severity | 'none'): number {
  if (report.stats.errors.length > 0 && report.stats.sources === report.stats.errors.length) return EXIT.USAGE_OR_INPUT;
  if (failOn === 'none') return EXIT.OK;
  const limit = severityRank(failOn);
  return report.findings.some((f) => severityRank(f.severity) <= limit) ? EXIT.FINDINGS : EXIT.OK;
}

async function runMain(paths: string[], opts: MainOptions, io: Io): Promise<number> {
  const library = loadLibrary(opts.patterns);
  for (const n of library.notices) io.stderr.write(`kube-log-doctor: ${n}\n`);
  const registry = KindRegistry.withBuiltins();
  for (const path of opts.crds) loadCrds(registry, path);
  const inputs = collectInputs(paths);
  const warnings: string[] = [];
  for (const file of inputs.manifests) {
    try {
      for (const k of crdsFromText(readFileSync(file, 'utf8'), file)) registry.add(k);
    } catch (err) {
      warnings.push(err instanceof Error ? err.message : String(err));
    }
  }
  const report = await analyze(inputs.logs, {
    patterns: library.patterns,
    registry,
    maxLineBytes: opts.maxLineLength,
    onInputError: (m) => io.stderr.write(`kube-log-doctor: ${m}\n`),
  });
  for (const w of warnings) {
    report.stats.errors.push(w);
    io.stderr.write(`kube-log-doctor: ${w}\n`);
  }
  const out = renderReport(report, opts.output, {
    color: opts.color && wantsColor(io.stdout, io.env),
    width: io.stdout.columns ?? 100,
  });
  io.stdout.write(out);
  return exitCodeFor(report, opts.failOn);
}

export function buildProgram(io: Io, setCode: (code: number) => Promise<void> | void): Command {
  const program = new Command('kube-log-doctor');
  program
    .description(
      'Reads Kubernetes controller and operator logs (files, directories, or stdin), recognises known error\n' +
        'signatures, ties them to the kinds and objects they concern, and prints a diagnosis with fixes.',
    )
    .argument('[paths...]', 'log files or directories; - or nothing reads standard input')
    .addOption(new Option('-o, --output <format>', 'report format').choices(Object.keys(REPORTERS)).default('text'))
    .option('--crds <path>', 'CRD manifests (file or directory, YAML or JSON); repeatable', collect, [])
    .option('--patterns <dir>', 'extra pattern files, loaded after the bundled ones; repeatable', collect, [])
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding reaches this severity')
        .choices([...SEVERITIES, 'none'])
        .default('none'),
    )
    .option('--no-color', 'never colour the text report (NO_COLOR is honoured too)')
    .option('--max-line-length <bytes>', 'cut longer lines (counted in stats.truncated)', parsePositiveInt, 1024 * 1024)
    .showHelpAfterError('(run kube-log-doctor --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`kube-log-doctor: ${s.replace(/^error: /, '')}`),
    })
    .action(async (paths: string[], opts: MainOptions) => {
      await setCode(await runMain(paths, opts, io));
    });
  return program;
}

/** Runs the CLI and returns the exit code; never throws for user mistakes. */
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
      // Help and version are "errors" to commander; their exit code is 0.
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE_OR_INPUT;
    }
    if (err instanceof KldError) {
      io.stderr.write(`kube-log-doctor: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}

export { UsageError };
