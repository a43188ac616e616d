/** Colour for the text report: on only when asked for (a TTY without NO_COLOR, and no --no-color). */

import type { Severity } from '../model/finding.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  severity(sev: Severity, s: string): string;
  accent(s: string): string;
}

const wrap = (open: string, close: string) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

const SEVERITY_CODES: Record<Severity, string> = { critical: '1;31', error: '31', warning: '33', info: '36' };

export function makeStyle(color: boolean): Style {
  if (!color) {
    const id = (s: string) => s;
    return { bold: id, dim: id, accent: id, severity: (_sev, s) => s };
  }
  return {
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    accent: wrap('36', '39'),
    severity: (sev, s) => wrap(SEVERITY_CODES[sev], '0')(s),
  };
}

/** `--color`: auto follows the stream and the environment; `--no-color` is `never`. */
export type ColorChoice = 'auto' | 'always' | 'never';
export const COLOR_CHOICES: readonly ColorChoice[] = ['auto', 'always', 'never'];

/**
 * Whether to colour a stream: `--color always|never` (or `--no-color`) decides, as a command-line
 * flag overrides NO_COLOR and FORCE_COLOR; `auto` (the default) asks `wantsColor`.
 */
export function colorFor(choice: ColorChoice | boolean | undefined, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (choice === 'always') return true;
  if (choice === 'never' || choice === false) return false;
  return wantsColor(stream, env);
}

/** Whether colour is wanted on a stream, following the NO_COLOR and FORCE_COLOR conventions. */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}
