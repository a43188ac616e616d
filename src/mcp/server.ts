/**
 * `kube-log-doctor mcp`: a Model Context Protocol server over stdio, so that AI assistants get
 * checked findings with evidence pointers instead of raw log text. Tools:
 *
 * - `diagnose`: log paths (read by the same collector as the CLI: files, directories, archives,
 *   bundles) and/or pasted text, with the CLI's options; returns the JSON report, size-bounded,
 *   with `leftOut` counting what was cut.
 * - `explain`: a signature, near-miss rule, chain rule or family, as the library defines it.
 * - `list_signatures`: every signature and rule (id, family, severity, title).
 *
 * The analysis itself comes from the CLI as a function (as for the TUI), so every option means
 * what it means on the command line. Nothing but the protocol is written to stdout.
 */

import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Input } from '../analysis.js';
import type { Report, Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { parseTimeBound, type FilterOptions } from '../model/filters.js';
import { boundReport } from '../report/bounded.js';
import { jsonSafe } from '../report/terminal-safe.js';
import { loadLibrary } from '../library/load.js';
import { NEAR_MISS_UNITS, findRuleUnit } from '../correlate/rule-units.js';
import { CHAIN_RULES } from '../correlate/chains.js';
import { NEAR_MISS_FAMILY } from '../correlate/select.js';
import { KldError, UsageError } from '../errors.js';
import { INPUT_FORMATS, type InputFormat } from '../parse/input-format.js';

/** What `diagnose` passes on to the analysis (the CLI's options, by their CLI names). */
export interface DiagnoseOptions extends FilterOptions {
  crds: string[];
  apiResources: string[];
  patterns: string[];
  inputFormat: InputFormat;
}

/** Runs one analysis as the CLI would; `warnings` are the lines it would print on stderr. */
export type Diagnose = (inputs: Input[], options: DiagnoseOptions) => Promise<{ report: Report; warnings: string[] }>;

/** Most bytes of pasted text taken by `diagnose` (a paste, not a log archive: give a path for those). */
export const MAX_PASTED_BYTES = 16 * 1024 * 1024;

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const json = (value: unknown) => ({ content: [{ type: 'text' as const, text: jsonSafe(JSON.stringify(value, null, 2)) }] });
const failure = (message: string) => ({ content: [{ type: 'text' as const, text: message }], isError: true });

function timeBound(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = parseTimeBound(value, new Date());
  if (t === null) throw new UsageError(`${name}: expected a duration back from now (30s, 15m, 1h, 7d) or an RFC 3339 time, not "${value}".`);
  return t;
}

const DIAGNOSE_INPUT = {
  paths: z.array(z.string()).optional().describe('Log files, directories or archives (must-gather, cluster-info dump, /var/log/pods copies, .tar.gz/.zip); relative to the server\'s working directory'),
  text: z.string().optional().describe('Pasted log text (kubectl logs output, a paste from an issue); analysed as one more input'),
  crds: z.array(z.string()).optional().describe('CRD manifests (files or directories), as --crds'),
  apiResources: z.array(z.string()).optional().describe('Output of kubectl api-resources -o wide or kubectl get crd -o json, as --api-resources'),
  patterns: z.array(z.string()).optional().describe('Extra signature directories, as --patterns'),
  inputFormat: z.enum(INPUT_FORMATS as unknown as [string, ...string[]]).optional().describe('Read every input as this format instead of detecting it, as --input-format'),
  since: z.string().optional().describe('Only entries from this time on: a duration back from now (1h, 30m) or an RFC 3339 time'),
  until: z.string().optional().describe('Only entries up to this time (same forms as since)'),
  namespace: z.array(z.string()).optional().describe('Namespace globs, as -n'),
  pod: z.array(z.string()).optional().describe('Pod globs, as --pod'),
  container: z.array(z.string()).optional().describe('Container globs, as --container'),
  minSeverity: z.enum(SEVERITIES as unknown as [Severity, ...Severity[]]).optional().describe('List only findings of this severity or worse'),
  only: z.array(z.string()).optional().describe('Only findings of these signature/rule ids or families'),
  exclude: z.array(z.string()).optional().describe('No findings of these signature/rule ids or families'),
  maxFindings: z.number().int().min(1).max(5000).optional().describe('Findings returned, the first of the report order (default 50)'),
  maxBytes: z.number().int().min(10_000).max(10_000_000).optional().describe('Upper bound on the JSON returned (default 100000)'),
};

type DiagnoseArgs = { [K in keyof typeof DIAGNOSE_INPUT]?: z.infer<(typeof DIAGNOSE_INPUT)[K]> };

/** The library's entries for list_signatures and explain (user patterns included when given). */
function catalog(patterns: string[]) {
  const library = loadLibrary(patterns);
  return { library, rows: [
    ...library.patterns.map((p) => ({ type: 'signature', id: p.spec.id, family: p.spec.family, severity: p.spec.severity, title: p.spec.title, components: p.spec.components })),
    ...NEAR_MISS_UNITS.map((u) => ({ type: 'near-miss', id: u.id, family: NEAR_MISS_FAMILY, severity: u.severity, title: u.title })),
    ...CHAIN_RULES.map((r) => ({ type: 'chain', id: r.id, family: 'chain', title: `${r.cause.join(' | ')} → ${r.effect.join(' | ')}` })),
  ] };
}

export function createMcpServer(diagnose: Diagnose): McpServer {
  const server = new McpServer({ name: 'kube-log-doctor', version: packageVersion() });

  server.registerTool(
    'diagnose',
    {
      title: 'Diagnose Kubernetes controller/operator logs',
      description:
        'Reads Kubernetes controller and operator logs (paths to files, directories, archives or bundles, and/or pasted text), ' +
        'matches known error signatures, ties them to kinds and objects, finds near-miss kinds and causal chains, and returns the ' +
        'JSON report: findings (id, severity, count, kinds, objects, diagnosis, likely causes, fixes with kubectl commands, evidence ' +
        'with source and line), kinds and stats. The report is size-bounded; leftOut counts what was cut.',
      inputSchema: DIAGNOSE_INPUT,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args: DiagnoseArgs) => {
      try {
        const inputs: Input[] = [...(args.paths ?? [])];
        if (args.text !== undefined) {
          if (Buffer.byteLength(args.text) > MAX_PASTED_BYTES) return failure(`text: at most ${MAX_PASTED_BYTES} bytes of pasted text; give larger logs as paths.`);
          inputs.push({ label: 'pasted', stream: Readable.from([Buffer.from(args.text)]) });
        }
        if (inputs.length === 0) return failure('diagnose needs paths, text, or both.');
        const since = timeBound('since', args.since);
        const until = timeBound('until', args.until);
        const { report, warnings } = await diagnose(inputs, {
          crds: args.crds ?? [],
          apiResources: args.apiResources ?? [],
          patterns: args.patterns ?? [],
          inputFormat: (args.inputFormat as InputFormat | undefined) ?? 'auto',
          ...(since !== undefined ? { since } : {}),
          ...(until !== undefined ? { until } : {}),
          ...(args.namespace?.length ? { namespace: args.namespace } : {}),
          ...(args.pod?.length ? { pod: args.pod } : {}),
          ...(args.container?.length ? { container: args.container } : {}),
          ...(args.minSeverity !== undefined ? { minSeverity: args.minSeverity } : {}),
          ...(args.only?.length ? { only: args.only } : {}),
          ...(args.exclude?.length ? { exclude: args.exclude } : {}),
        });
        const bounded = boundReport(report, {
          ...(args.maxFindings !== undefined ? { maxFindings: args.maxFindings } : {}),
          ...(args.maxBytes !== undefined ? { maxBytes: args.maxBytes } : {}),
        });
        return json(warnings.length ? { ...bounded, warnings: warnings.slice(0, 20) } : bounded);
      } catch (err) {
        // A user's mistake (a missing file, an invalid pattern or option) is the tool's answer, not a crash.
        if (err instanceof KldError) return failure(err.message);
        throw err;
      }
    },
  );

  server.registerTool(
    'explain',
    {
      title: 'Explain a signature or rule',
      description:
        'What a signature, near-miss rule or chain rule id (as in a finding\'s id) means: its match, diagnosis, explanation, likely ' +
        'causes, fixes and examples as the library defines them; a family name lists its signatures.',
      inputSchema: { id: z.string().describe('Signature or rule id (e.g. gc-rest-mapping, kind-case-mismatch) or a family'), patterns: z.array(z.string()).optional().describe('Extra signature directories, as --patterns') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ id, patterns }: { id: string; patterns?: string[] | undefined }) => {
      try {
        const { library } = catalog(patterns ?? []);
        const p = library.patterns.find((x) => x.spec.id === id);
        if (p) return json({ type: 'signature', ...p.spec, file: p.file });
        const rule = findRuleUnit(id);
        if (rule) return json(rule.type === 'near-miss' ? { type: rule.type, ...rule.unit, check: undefined } : { type: rule.type, ...rule.rule });
        const family = library.patterns.filter((x) => x.spec.family === id);
        if (family.length) return json({ type: 'family', family: id, signatures: family.map((x) => ({ id: x.spec.id, severity: x.spec.severity, title: x.spec.title })) });
        return failure(`No signature, rule or family is called "${id}"; list_signatures lists them.`);
      } catch (err) {
        if (err instanceof KldError) return failure(err.message);
        throw err;
      }
    },
  );

  server.registerTool(
    'list_signatures',
    {
      title: 'List signatures and rules',
      description: 'Every error signature (id, family, severity, title, components), near-miss rule and chain rule kube-log-doctor knows.',
      inputSchema: { patterns: z.array(z.string()).optional().describe('Extra signature directories, as --patterns') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ patterns }: { patterns?: string[] | undefined }) => {
      try {
        return json(catalog(patterns ?? []).rows);
      } catch (err) {
        if (err instanceof KldError) return failure(err.message);
        throw err;
      }
    },
  );
  return server;
}

/** Serves on stdin/stdout until the client closes the connection. */
export async function serveStdio(diagnose: Diagnose, stdin: Readable = process.stdin, stdout: NodeJS.WritableStream = process.stdout): Promise<void> {
  const server = createMcpServer(diagnose);
  const transport = new StdioServerTransport(stdin, stdout as unknown as import('node:stream').Writable);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
