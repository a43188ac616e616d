/**
 * The configuration file: `.kube-log-doctor.yaml` in the working directory, or the file given
 * with `--config`. Today it holds `ignore` rules — what a team already knows and wants kept out
 * of reports and out of `--fail-on` — each with the reason it is ignored and, optionally, the date
 * after which it stops applying. Validated with zod; a bad file is an input error naming it (exit 2).
 *
 * ```yaml
 * ignore:
 *   - finding: client-side-throttling     # a signature or rule id
 *     reason: expected during nightly batch jobs
 *   - unknown: u-26f3ba914efa               # an unrecognised-error group
 *     reason: tracked in JIRA-123
 *     until: 2027-03-31                     # applies up to and including this day
 *   - kind: PodAutoScaler                  # kind (or group/version/Kind), namespace, object (ns/name or name)
 *     namespace: legacy
 *     reason: legacy namespace, being retired
 *   - message: 'lease .* renewed late'     # a regex RE2 can run, on evidence lines and group templates
 *     reason: noise
 * ```
 */

import { existsSync } from 'node:fs';
import type * as Zod from 'zod';
import type * as Yaml from 'yaml';
import { lazy } from '../lazy.js';
import { InputError } from '../errors.js';
import { readSideFile, SideFileError } from '../side-file.js';
import { re2Source } from './regex-engine.js';

const zod = lazy<typeof Zod>('zod');
const yaml = lazy<typeof Yaml>('yaml');

export const DEFAULT_CONFIG_FILE = '.kube-log-doctor.yaml';
const MAX_CONFIG_BYTES = 1024 * 1024;

function build(z: typeof Zod.z) {
  const day = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'), z.date()]);
  const Rule = z
    .strictObject({
      finding: z.string().min(1).optional(),
      family: z.string().min(1).optional(),
      unknown: z.string().regex(/^u-[0-9a-f]{12}$/, 'must be an unrecognised-error group id (u- and 12 hex digits)').optional(),
      kind: z.string().min(1).optional(),
      namespace: z.string().min(1).optional(),
      object: z.string().min(1).optional(),
      message: z.string().min(1).optional(),
      reason: z.string().min(1, 'must say why'),
      until: day.optional(),
    })
    .refine((r) => r.finding ?? r.family ?? r.unknown ?? r.kind ?? r.namespace ?? r.object ?? r.message, {
      message: 'needs at least one of finding, family, unknown, kind, namespace, object, message',
    });
  return z.strictObject({ ignore: z.array(Rule).default([]) });
}

export interface IgnoreRule {
  finding?: string;
  family?: string;
  unknown?: string;
  kind?: string;
  namespace?: string;
  object?: string;
  /** A regex RE2 runs (linear time). */
  message?: string;
  reason: string;
  /** YYYY-MM-DD: the last day the rule applies. */
  until?: string;
}

export interface Config {
  file: string;
  ignore: IgnoreRule[];
}

/** The config: `path` (`--config`), else `.kube-log-doctor.yaml` in `cwd` when there is one, else null. */
export function loadConfig(path: string | undefined, cwd = '.'): Config | null {
  const file = path ?? (existsSync(`${cwd}/${DEFAULT_CONFIG_FILE}`) ? `${cwd}/${DEFAULT_CONFIG_FILE}` : null);
  if (file === null) return null;
  let text: string;
  try {
    text = readSideFile(file, MAX_CONFIG_BYTES).toString('utf8');
  } catch (err) {
    throw new InputError(file, err instanceof SideFileError ? err.message : String(err));
  }
  const doc = yaml().parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw new InputError(file, `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const parsed = build(zod().z).safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(file, `${issue.path.join('.') || 'config'}: ${issue.message}`);
  }
  const ignore = parsed.data.ignore.map((r, i): IgnoreRule => {
    if (r.message !== undefined) {
      try {
        new RegExp(r.message);
      } catch (err) {
        throw new InputError(file, `ignore.${i}.message: invalid regex: ${(err as Error).message}`);
      }
      if (re2Source(r.message) === null) throw new InputError(file, `ignore.${i}.message: not a regex RE2 can run (no backreferences or lookarounds)`);
    }
    const until = r.until instanceof Date ? r.until.toISOString().slice(0, 10) : r.until;
    const out: IgnoreRule = { reason: r.reason };
    for (const k of ['finding', 'family', 'unknown', 'kind', 'namespace', 'object', 'message'] as const) if (r[k] !== undefined) out[k] = r[k];
    if (until !== undefined) out.until = until;
    return out;
  });
  return { file, ignore };
}
