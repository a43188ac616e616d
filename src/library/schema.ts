/**
 * The pattern-file schema. One signature per YAML file (`patterns/<id>.yaml`); types are derived
 * from the schema, never written by hand. Strict objects make a misspelt key an error.
 */

import type * as Zod from 'zod';
import { lazy } from '../lazy.js';

const zod = lazy<typeof Zod>('zod');
const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function build(z: typeof Zod.z) {
  const Example = z.union([
    z.string().min(1),
    z.strictObject({
      line: z.string().min(1),
      /** Captures the match must produce (match examples only). */
      captures: z.record(z.string(), z.string()).optional(),
      /** Why this line is (or is not) an example: shown when the example fails. */
      reason: z.string().optional(),
    }),
  ]);

  const Pattern = z.strictObject({
    id: z.string().regex(kebab, 'must be kebab-case (a-z, 0-9, dashes)'),
    family: z.string().regex(kebab, 'must be kebab-case (a-z, 0-9, dashes)'),
    title: z.string().min(1),
    severity: z.enum(['critical', 'error', 'warning', 'info']),
    /** Components that log this message (kube-controller-manager, controller-runtime, …). */
    components: z.array(z.string()).default([]),
    match: z.strictObject({
      /**
       * Literal strings, at least one of which must occur in the line before any regex runs (the
       * prefilter). Case-sensitive.
       */
      keywords: z.array(z.string().min(4, 'keywords must be at least 4 characters')).min(1),
      /** Regexes with named captures; the first that matches wins. */
      regex: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    }),
    /**
     * What separates one finding from another of the same signature, instead of the kinds: named
     * captures, or `fields.<name>` for a structured field (zap's `controller`, klog's `logger`).
     */
    groupBy: z.array(z.string()).optional(),
    /** What happened, specific to the line: may use {{capture}} placeholders. */
    diagnosis: z.string().min(1),
    /** What it costs, in one sentence; may use {{capture}} placeholders. */
    impact: z.string().min(1).optional(),
    /** Why it usually happens, in general terms. */
    explanation: z.string().min(1),
    /** Likely causes, most likely first. */
    causes: z.array(z.string().min(1)).min(1),
    /** Steps and commands that fix or confirm it; may use {{capture}} placeholders. */
    fixes: z.array(z.string().min(1)).min(1),
    references: z.array(z.string().url()).default([]),
    examples: z.strictObject({
      match: z.array(Example).min(1),
      nomatch: z.array(Example).min(1),
      /**
       * Paste mutations (test/library/paste-mutations.ts) under which a match example is allowed
       * not to fire with the same captures, each with the reason; `example` is the index of the
       * match example (all of them when absent).
       */
      pasteExceptions: z
        .array(z.strictObject({ mutation: z.string().min(1), example: z.number().int().min(0).optional(), reason: z.string().min(1) }))
        .optional(),
    }),
  });
  return { Pattern, Example };
}

let built: ReturnType<typeof build> | null = null;

/** The schema of a pattern file (built on first use: zod loads only when YAML must be validated). */
export function patternSchema(): ReturnType<typeof build>['Pattern'] {
  return (built ??= build(zod().z)).Pattern;
}

export type PatternSpec = Zod.infer<ReturnType<typeof build>['Pattern']>;
export type ExampleSpec = Zod.infer<ReturnType<typeof build>['Example']>;

export function exampleLine(e: ExampleSpec): string {
  return typeof e === 'string' ? e : e.line;
}
