/** Reporters by CLI name: `--output <name>` → the function that renders it. */

import type { Report, Severity } from '../model/finding.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';
import { renderHtml } from './html.js';
import { renderKindsMarkdown, renderKindsText } from './kinds-view.js';
import { renderSourcesMarkdown, renderSourcesText } from './by-source.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderGithub } from './github.js';
import { renderNdjson } from './ndjson.js';
import type { Catalog } from '../model/catalog.js';

export interface RenderOptions {
  color: boolean;
  /** Wrap width for prose. */
  width: number;
  /** Text and markdown: one section per finding (default) or per kind. JSON always carries both; HTML shows everything. */
  by?: 'finding' | 'kind' | 'source';
  /** What the library checks: JUnit's test cases and SARIF's rules. */
  catalog?: Catalog;
  /** JUnit: findings at or above this severity fail their test case (`--fail-on`; default warning). */
  failAt?: Severity;
}

export const REPORTERS = {
  text: (r: Report, o: RenderOptions) =>
    o.by === 'kind' ? renderKindsText(r, o) : o.by === 'source' ? renderSourcesText(r, o) : renderText(r, o),
  markdown: (r: Report, o: RenderOptions) =>
    o.by === 'kind' ? renderKindsMarkdown(r) : o.by === 'source' ? renderSourcesMarkdown(r) : renderMarkdown(r),
  json: (r: Report) => renderJson(r),
  junit: (r: Report, o: RenderOptions) => renderJunit(r, { ...(o.catalog ? { catalog: o.catalog } : {}), ...(o.failAt ? { failAt: o.failAt } : {}) }),
  sarif: (r: Report, o: RenderOptions) => renderSarif(r, o.catalog ? { catalog: o.catalog } : {}),
  github: (r: Report) => renderGithub(r),
  ndjson: (r: Report) => renderNdjson(r),
  html: (r: Report) => renderHtml(r),
} as const;

export type ReporterName = keyof typeof REPORTERS;

export function renderReport(report: Report, name: ReporterName, opts: RenderOptions): string {
  return REPORTERS[name](report, opts);
}
