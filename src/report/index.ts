/** Reporters by CLI name: `--output <name>` → the function that renders it. */

import type { Report } from '../model/finding.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';
import { renderKindsMarkdown, renderKindsText } from './kinds-view.js';
import { renderSourcesMarkdown, renderSourcesText } from './by-source.js';

export interface RenderOptions {
  color: boolean;
  /** Wrap width for prose. */
  width: number;
  /** Text and markdown: one section per finding (default) or per kind. JSON always carries both. */
  by?: 'finding' | 'kind' | 'source';
}

export const REPORTERS = {
  text: (r: Report, o: RenderOptions) =>
    o.by === 'kind' ? renderKindsText(r, o) : o.by === 'source' ? renderSourcesText(r, o) : renderText(r, o),
  markdown: (r: Report, o: RenderOptions) =>
    o.by === 'kind' ? renderKindsMarkdown(r) : o.by === 'source' ? renderSourcesMarkdown(r) : renderMarkdown(r),
  json: (r: Report) => renderJson(r),
} as const;

export type ReporterName = keyof typeof REPORTERS;

export function renderReport(report: Report, name: ReporterName, opts: RenderOptions): string {
  return REPORTERS[name](report, opts);
}
