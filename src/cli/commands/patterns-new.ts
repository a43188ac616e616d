/**
 * `patterns new --from LOGFILE --id ID [--group GROUP-ID] [--dir DIR]`: writes `DIR/ID.yaml`, a
 * signature skeleton for an unrecognised-error group (correlate/unknown/skeleton.ts). LOGFILE is a
 * log (analysed as the default command would) or an earlier `-o json` report (its `unknown` groups).
 * The file is checked as `patterns test` would check it: only its TODO fields may fail.
 */

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Yaml from 'yaml';
import { lazy } from '../../lazy.js';
import { UsageError } from '../../errors.js';
import type { Report, UnknownGroup } from '../../model/finding.js';
import { signatureSkeleton } from '../../correlate/unknown/skeleton.js';
import { terminalSafe as safe } from '../../report/terminal-safe.js';
import { describeFsError } from '../../errors.js';
import type { Io } from '../io.js';
import { runAnalysis, type AnalyzeCliOptions } from './analyze.js';
import { testPatterns } from './patterns.js';

const yaml = lazy<typeof Yaml>('yaml');
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface NewPatternOptions {
  from: string;
  id: string;
  group?: string;
  dir: string;
}

/** The unknown groups of an earlier JSON report, or null when the file is not one. */
function reportGroups(path: string): UnknownGroup[] | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`${path}: ${describeFsError(err)}`);
  }
  if (!text.trimStart().startsWith('{"version"') && !/^\s*\{\s*"version"\s*:\s*1\s*,/.test(text.slice(0, 200))) return null;
  try {
    const r = JSON.parse(text) as Partial<Report>;
    return r.version === 1 && Array.isArray(r.unknown) ? r.unknown : null;
  } catch {
    return null;
  }
}

export async function newPatternCommand(opts: NewPatternOptions, analyzeOpts: AnalyzeCliOptions, io: Io): Promise<number> {
  if (!KEBAB.test(opts.id)) throw new UsageError(`--id ${safe(opts.id)}: must be kebab-case (a-z, 0-9, dashes)`);
  const file = join(opts.dir, `${opts.id}.yaml`);
  if (existsSync(file)) throw new UsageError(`${safe(file)} already exists; choose another --id or --dir`);
  const groups = reportGroups(opts.from) ?? (await runAnalysis([opts.from], { ...analyzeOpts, quiet: true }, io)).unknown ?? [];
  if (groups.length === 0) throw new UsageError(`${safe(opts.from)}: no unrecognised errors to write a signature for`);
  const group = opts.group === undefined ? groups[0]! : groups.find((g) => g.id === opts.group);
  if (!group) {
    const ids = groups.slice(0, 5).map((g) => `${g.id} (×${g.count})`).join(', ');
    throw new UsageError(`${safe(opts.from)}: no unrecognised-error group ${safe(opts.group ?? '')}; the largest: ${ids}`);
  }
  const others = groups.filter((g) => g !== group).flatMap((g) => g.examples.slice(0, 1).map((e) => e.text));
  let spec;
  try {
    spec = signatureSkeleton({ id: opts.id, group, others });
  } catch (err) {
    throw new UsageError(`${safe(opts.from)}: ${safe((err as Error).message)}`);
  }
  const header = [
    `# Template: TODO — cite where the message comes from (repository:path).`,
    `# Written by kube-log-doctor patterns new from ${opts.from.replace(/[\r\n]/g, ' ')}, group ${group.id} (${group.count} lines):`,
    `#   ${group.template.replace(/[\r\n]/g, ' ')}`,
  ]
    .map((l) => safe(l))
    .join('\n');
  const body = yaml().stringify(spec, { lineWidth: 0 });
  try {
    writeFileSync(file, `${header}\n${body}`, { flag: 'wx' });
  } catch (err) {
    throw new UsageError(`${safe(file)}: ${describeFsError(err)}`);
  }
  const { text } = testPatterns([file]);
  io.stdout.write(`wrote ${safe(file)} for group ${group.id} (×${group.count}): ${safe(group.template)}\n`);
  io.stdout.write(text);
  io.stdout.write(`Fill in the TODO fields, then: kube-log-doctor patterns test ${safe(file)}\n`);
  return 0;
}
