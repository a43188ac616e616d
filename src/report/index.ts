/** Reporters by CLI name: `--output <name>` → the function that renders it. */

import type { Report, Severity } from '../model/finding.js';
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

/** How a report is rendered in one format. */
export type Renderer = (report: Report, opts: RenderOptions) => string;

/**
 * The formats of `-o`, each loaded when it is used: a run imports only the renderer it prints
 * with (the HTML report's page and charts, SARIF, JUnit… are not loaded for a text report).
 */
export const REPORTERS = {
  text: async (): Promise<Renderer> => {
    const [{ renderText }, { renderKindsText }, { renderSourcesText }] = await Promise.all([import('./text.js'), import('./kinds-view.js'), import('./by-source.js')]);
    return (r, o) => (o.by === 'kind' ? renderKindsText(r, o) : o.by === 'source' ? renderSourcesText(r, o) : renderText(r, o));
  },
  markdown: async (): Promise<Renderer> => {
    const [{ renderMarkdown }, { renderKindsMarkdown }, { renderSourcesMarkdown }] = await Promise.all([import('./markdown.js'), import('./kinds-view.js'), import('./by-source.js')]);
    return (r, o) => (o.by === 'kind' ? renderKindsMarkdown(r) : o.by === 'source' ? renderSourcesMarkdown(r) : renderMarkdown(r));
  },
  json: async (): Promise<Renderer> => {
    const { renderJson } = await import('./json.js');
    return (r) => renderJson(r);
  },
  junit: async (): Promise<Renderer> => {
    const { renderJunit } = await import('./junit.js');
    return (r, o) => renderJunit(r, { ...(o.catalog ? { catalog: o.catalog } : {}), ...(o.failAt ? { failAt: o.failAt } : {}) });
  },
  sarif: async (): Promise<Renderer> => {
    const { renderSarif } = await import('./sarif.js');
    return (r, o) => renderSarif(r, o.catalog ? { catalog: o.catalog } : {});
  },
  github: async (): Promise<Renderer> => {
    const { renderGithub } = await import('./github.js');
    return (r) => renderGithub(r);
  },
  ndjson: async (): Promise<Renderer> => {
    const { renderNdjson } = await import('./ndjson.js');
    return (r) => renderNdjson(r);
  },
  html: async (): Promise<Renderer> => {
    const { renderHtml } = await import('./html.js');
    return (r) => renderHtml(r);
  },
} as const;

export type ReporterName = keyof typeof REPORTERS;

export async function renderReport(report: Report, name: ReporterName, opts: RenderOptions): Promise<string> {
  return (await REPORTERS[name]())(report, opts);
}
