/** `mcp`: the Model Context Protocol server over stdio (src/mcp), loaded only when asked for. */

import { Command } from 'commander';
import { Writable } from 'node:stream';
import type { Io } from '../io.js';
import { runAnalysis, type AnalyzeCliOptions } from './analyze.js';
import { DEFAULT_MAX_EXPANDED_BYTES } from '../../input/budget.js';
import type { DiagnoseOptions } from '../../mcp/server.js';
import type { Input } from '../../analysis.js';
import type { Report } from '../../model/finding.js';
import { EXIT } from '../../exit-codes.js';

/** One analysis with the CLI's defaults and the tool's options; what it would print on stderr is returned as warnings. */
async function diagnose(inputs: Input[], options: DiagnoseOptions, io: Io): Promise<{ report: Report; warnings: string[] }> {
  const warnings: string[] = [];
  const stderr = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line.trim() !== '') warnings.push(line.replace(/^kube-log-doctor: /, ''));
      cb();
    },
  });
  const opts: AnalyzeCliOptions = {
    ...options,
    output: 'json',
    by: 'finding',
    failOn: 'none',
    color: false,
    maxLineLength: 1024 * 1024,
    maxExpandedBytes: DEFAULT_MAX_EXPANDED_BYTES,
    jobs: 'auto',
    quiet: true,
  };
  // The protocol owns stdout: the analysis gets a sink that is never written to, and no stdin.
  const quietIo: Io = { stdout: new Writable({ write: (_c, _e, cb) => cb() }), stderr, env: io.env, ...(io.cwd ? { cwd: io.cwd } : {}) };
  const report = await runAnalysis(inputs, opts, quietIo);
  delete report.sources;
  return { report, warnings };
}

export function addMcpCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program.addCommand(
    new Command('mcp')
      .description(
        'serve the diagnosis to AI assistants: a Model Context Protocol server on stdin/stdout with the tools ' +
          'diagnose (paths or pasted text, the same options as the CLI), explain and list_signatures',
      )
      .action(async () => {
        const { serveStdio } = await import('../../mcp/server.js');
        await serveStdio((inputs, options) => diagnose(inputs, options, io), io.stdin ?? process.stdin, io.stdout);
        setCode(EXIT.OK);
      }),
  );
}
