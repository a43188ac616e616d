/** The report filters' options (`--since`, `--until`, `-n`, `--pod`, `--container`, `--min-severity`, `--only`, `--exclude`). */

import { Command, InvalidArgumentError, Option } from 'commander';
import { SEVERITIES, type Severity } from '../../model/finding.js';
import { parseTimeBound, type FilterOptions } from '../../model/filters.js';
import { UsageError } from '../../errors.js';

export interface FilterCliOptions {
  since?: string;
  until?: string;
  namespace?: string[];
  pod?: string[];
  container?: string[];
  minSeverity?: Severity;
  only?: string[];
  exclude?: string[];
}

/** A time bound, resolved once against the time the command line is read. */
function parseTime(value: string): string {
  const t = parseTimeBound(value, new Date());
  if (t === null) throw new InvalidArgumentError('expected a duration back from now (30s, 15m, 1h, 2h30m, 7d) or an RFC 3339 time (2026-06-12T10:00:00Z).');
  return t;
}

/** `a,b` → `a`, `b`; a comma inside a glob's braces (`{web,api}-*`) does not separate. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      out.push(value.slice(start, i));
      start = i + 1;
    }
  }
  out.push(value.slice(start));
  return out.map((v) => v.trim()).filter((v) => v !== '');
}

/** Repeatable, and each value may list several, comma-separated. */
const list = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), ...splitList(value)];

export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--since <time>', 'only log entries from this time on: a duration back from now (1h, 30m, 2d) or an RFC 3339 time; entries without a timestamp are kept and counted', parseTime)
    .option('--until <time>', 'only log entries up to this time (same forms as --since)', parseTime)
    .option('-n, --namespace <glob>', 'only logs from namespaces matching this glob (from bundle layouts, CRI paths, stern and kubectl --prefix); repeatable', list)
    .option('--pod <glob>', 'only logs from pods matching this glob; repeatable', list)
    .option('--container <glob>', 'only logs from containers matching this glob; repeatable', list)
    .addOption(new Option('--min-severity <severity>', 'list only findings of this severity or worse').choices([...SEVERITIES]))
    .option('--only <id|family>', 'list only findings of these signatures, near-miss rules or families; repeatable, comma-separated', list)
    .option('--exclude <id|family>', 'never list findings of these signatures, near-miss rules or families; repeatable, comma-separated', list);
}

/** The filters the options ask for; a window that ends before it starts is a usage error. */
export function filtersFrom(opts: FilterCliOptions): FilterOptions {
  if (opts.since !== undefined && opts.until !== undefined && opts.since > opts.until) {
    throw new UsageError(`--since (${opts.since}) is after --until (${opts.until}): the window holds no time.`);
  }
  return {
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    ...(opts.until !== undefined ? { until: opts.until } : {}),
    ...(opts.namespace?.length ? { namespace: opts.namespace } : {}),
    ...(opts.pod?.length ? { pod: opts.pod } : {}),
    ...(opts.container?.length ? { container: opts.container } : {}),
    ...(opts.minSeverity !== undefined ? { minSeverity: opts.minSeverity } : {}),
    ...(opts.only?.length ? { only: opts.only } : {}),
    ...(opts.exclude?.length ? { exclude: opts.exclude } : {}),
  };
}
