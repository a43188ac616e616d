/** Compiles a validated pattern spec: regexes, prefilter keywords, and placeholder checks. */

import { PatternError } from '../errors.js';
import type { PatternSpec } from './schema.js';
import { regexRunner, type EngineName, type RegexRunner } from './regex-engine.js';
import { SECTION, placeholderInProseCommand } from './command.js';

/** The text with every well-formed section replaced by its body (what is left has stray tags). */
function resolveAllSections(text: string): string {
  let out = text;
  for (let prev = ''; prev !== out; ) {
    prev = out;
    out = out.replace(SECTION, (_all, _mark, _name, body: string) => body);
  }
  return out;
}

/**
 * Variables a template may use besides the pattern's own named captures: the parts of the kind
 * and object that correlation derives from captures and structured fields.
 */
export const DERIVED_VARS = ['group', 'version', 'kind', 'resource', 'apiVersion', 'apiPath', 'namespace', 'name'] as const;

export interface CompiledPattern {
  spec: PatternSpec;
  /** File the pattern came from, as displayed to the user. */
  file: string;
  regexes: RegExp[];
  /** What runs each regex (same order): V8 for the bundled library; see regex-engine.ts. */
  runners: RegexRunner[];
  keywords: string[];
  captureNames: Set<string>;
}

const NAMED_GROUP = /\(\?<([A-Za-z][A-Za-z0-9_]*)>/g;
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export function compilePattern(
  spec: PatternSpec,
  file: string,
  lineOf: (path: (string | number)[]) => number | undefined,
  engines: readonly EngineName[] = [],
): CompiledPattern {
  const p = compileChecked(spec, file, engines, lineOf);
  checkTemplates(spec, file, lineOf, p.captureNames);
  return p;
}

/**
 * Compiles a spec whose templates were checked before: by the build (the bundled library's
 * precompiled copy) or by the main thread (a worker's copy). Start-up then skips the template
 * scans; regexes are still compiled here, since the runtime may refuse one.
 */
export function compileChecked(
  spec: PatternSpec,
  file: string,
  engines: readonly EngineName[] = [],
  lineOf: (path: (string | number)[]) => number | undefined = () => undefined,
): CompiledPattern {
  const sources = typeof spec.match.regex === 'string' ? [spec.match.regex] : spec.match.regex;
  const regexPath = (i: number): (string | number)[] =>
    typeof spec.match.regex === 'string' ? ['match', 'regex'] : ['match', 'regex', i];
  const captureNames = new Set<string>();
  const regexes = sources.map((src, i) => {
    try {
      const re = new RegExp(src);
      for (const m of src.matchAll(NAMED_GROUP)) captureNames.add(m[1]!);
      return re;
    } catch (err) {
      throw new PatternError(
        file,
        `${regexPath(i).join('.')}: invalid regex: ${(err as Error).message}`,
        spec.id,
        lineOf(regexPath(i)),
      );
    }
  });
  const runners = regexes.map((re, i) => regexRunner(re, engines[i] ?? 'v8', `pattern ${spec.id} (${file}): ${regexPath(i).join('.')}`));
  return { spec, file, regexes, runners, keywords: spec.match.keywords, captureNames };
}

/** Placeholders name known variables, section tags balance, commands with values are in code spans, groupBy names exist. */
function checkTemplates(
  spec: PatternSpec,
  file: string,
  lineOf: (path: (string | number)[]) => number | undefined,
  captureNames: ReadonlySet<string>,
): void {
  const known = new Set<string>([...captureNames, ...DERIVED_VARS]);
  const templated: [string, (string | number)[]][] = [
    [spec.diagnosis, ['diagnosis']],
    ...(spec.impact ? [[spec.impact, ['impact']] as [string, (string | number)[]]] : []),
    ...spec.causes.map((c, i): [string, (string | number)[]] => [c, ['causes', i]]),
    ...spec.fixes.map((f, i): [string, (string | number)[]] => [f, ['fixes', i]]),
  ];
  for (const [text, path] of templated) {
    const names = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    // Section tags: each names a known variable, and every one opened is closed.
    const withoutSections = resolveAllSections(text);
    const tag = /\{\{\s*([#^/])\s*([A-Za-z][A-Za-z0-9_]*)?\s*\}\}/.exec(withoutSections);
    if (tag) {
      throw new PatternError(file, `${path.join('.')}: unbalanced section tag ${tag[0]}`, spec.id, lineOf(path));
    }
    for (const m of text.matchAll(/\{\{\s*[#^/]\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g)) names.push(m[1]!);
    for (const name of names) {
      if (!known.has(name)) {
        throw new PatternError(
          file,
          `${path.join('.')}: placeholder {{${name}}} is neither a named capture nor one of ${DERIVED_VARS.join(', ')}`,
          spec.id,
          lineOf(path),
        );
      }
    }
  }
  for (const [i, fix] of spec.fixes.entries()) {
    // The reports and the TUI take a command from the prose of a fix without a code span; values there are not quoted.
    const placeholder = placeholderInProseCommand(fix);
    if (placeholder) {
      throw new PatternError(
        file,
        `fixes.${i}: {{${placeholder}}} could be read as part of a shell command outside a code span; put the command in backticks so its values are quoted (or end the fix with a full stop)`,
        spec.id,
        lineOf(['fixes', i]),
      );
    }
  }
  for (const [i, g] of (spec.groupBy ?? []).entries()) {
    if (!known.has(g) && !/^fields\.[^.\s]+$/.test(g)) {
      throw new PatternError(file, `groupBy.${i}: ${g} is neither a named capture nor fields.<structured field>`, spec.id, lineOf(['groupBy', i]));
    }
  }
}

/** Fills {{name}} placeholders: prose as is, shell-quoted inside code spans (see command.ts). */
export { renderTemplate } from './command.js';
