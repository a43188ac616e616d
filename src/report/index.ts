/** Reporters by CLI name: `--output <name>` → the function that renders it. */

import type { Report } from '../model/finding.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText, type TextOptions } from './text.js';

export const REPORTERS = {
  text: (r: Report, o: TextOptions) => renderText(r, o),
  markdown: (r: Report) => renderMarkdown(r),
  json: (r: Report) => renderJson(r),
} as const;

export type ReporterName = keyof typeof REPORTERS;

export function renderReport(report: Report, name: ReporterName, opts: TextOptions): string {
  return REPORTERS[name](report, opts);
}
