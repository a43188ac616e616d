/**
 * Regex safety: every pattern regex is checked for catastrophic (exponential or polynomial)
 * backtracking with recheck's static analysis. Bundled regexes are checked by the test suite;
 * user-supplied ones at load time, where an unsafe regex is refused.
 */

import { checkSync } from 'recheck';
import type { CompiledPattern } from './compile.js';

export interface RegexVerdict {
  pattern: CompiledPattern;
  index: number;
  source: string;
  status: 'safe' | 'vulnerable' | 'unknown';
  /** For vulnerable regexes: the complexity and an attack string summary. */
  detail: string;
}

export function checkPatternRegexes(pattern: CompiledPattern, timeoutMs = 10_000): RegexVerdict[] {
  return pattern.regexes.map((re, index) => {
    const result = checkSync(re.source, re.flags, { timeout: timeoutMs });
    let detail = '';
    if (result.status === 'vulnerable') {
      detail = `${result.complexity.type} backtracking${result.complexity.type === 'polynomial' ? ` (degree ${result.complexity.degree})` : ''}, e.g. on input ${JSON.stringify(result.attack.pattern)}`;
    } else if (result.status === 'unknown') {
      detail = result.error.kind;
    }
    return { pattern, index, source: re.source, status: result.status, detail };
  });
}
