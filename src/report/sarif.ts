/**
 * `-o sarif`: SARIF 2.1.0 (GitHub code scanning, GitLab, VS Code's SARIF viewer). The rules are
 * the library's signatures and near-miss rules; each finding is one result at its first evidence
 * line (the other evidence lines as related locations), with its diagnosis as the message and its
 * fixes in the properties. Validated against the official schema by the tests.
 */

import type { Evidence, Finding, Report, Severity } from '../model/finding.js';
import type { Catalog, CatalogRule } from '../model/catalog.js';
import { kindLabel } from '../correlate/aggregate.js';
import { jsonSafe } from './terminal-safe.js';
import { describeFilterCounts, describeFilters } from '../model/filters.js';
import { TOOL_URL, TOOL_VERSION } from '../version.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

function level(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'critical' || s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/**
 * A source label as a URI reference: a relative or absolute path with every character a URI may
 * not hold percent-encoded, and `#`/`?` too (a bundle member `dump.txt#ns/pod/c` is a name, not a fragment).
 */
export function sourceUri(source: string): string {
  return encodeURI(source).replace(/[#?[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function location(e: Evidence, id?: number): Record<string, unknown> {
  return {
    ...(id !== undefined ? { id } : {}),
    physicalLocation: {
      artifactLocation: { uri: sourceUri(e.source) },
      // An event's position in a JSON list may be 0; regions start at line 1.
      ...(e.line >= 1 ? { region: { startLine: e.line, snippet: { text: e.text } } } : {}),
    },
    ...(e.namespace !== undefined || e.pod !== undefined
      ? { logicalLocations: [{ name: [e.namespace, e.pod, e.container].filter((x) => x !== undefined).join('/'), kind: 'pod' }] }
      : {}),
  };
}

function ruleOf(r: CatalogRule): Record<string, unknown> {
  return {
    id: r.id,
    name: r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: r.explanation || r.title },
    help: { text: `${r.explanation || r.title}\n\nkube-log-doctor explain ${r.id}` },
    defaultConfiguration: { level: level(r.severity) },
    properties: { family: r.family, severity: r.severity, type: r.type, tags: ['kubernetes', r.family] },
  };
}

function message(f: Finding): string {
  const fix = f.causedBy.length === 0 && f.fixes.length > 0 ? `\n\nFix:\n${f.fixes.map((x, i) => `${i + 1}. ${x}`).join('\n')}` : '';
  const cause = f.causedBy.length > 0 ? `\n\nCaused by: ${f.causedBy.join(', ')}` : '';
  return `${f.title}: ${f.diagnosis}${cause}${fix}`;
}

export function renderSarif(report: Report, opts: { catalog?: Catalog } = {}): string {
  const rules: CatalogRule[] = [...(opts.catalog?.rules ?? [])];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  // A finding whose rule is not in the catalog (a report without one) still gets a rule.
  for (const f of report.findings) {
    if (index.has(f.id)) continue;
    index.set(f.id, rules.length);
    rules.push({ id: f.id, family: f.family, type: f.origin === 'registry' ? 'near-miss' : 'signature', title: f.title, severity: f.severity, explanation: f.explanation });
  }
  const results = report.findings.map((f) => {
    const [first, ...rest] = f.evidence;
    return {
      ruleId: f.id,
      ruleIndex: index.get(f.id)!,
      level: level(f.severity),
      message: { text: message(f) },
      ...(first ? { locations: [location(first)] } : {}),
      ...(rest.length ? { relatedLocations: rest.map((e, i) => location(e, i + 1)) } : {}),
      // Stable across runs of the same logs: the finding's key names its signature and kinds.
      partialFingerprints: { findingKey: f.key },
      properties: {
        key: f.key,
        family: f.family,
        severity: f.severity,
        count: f.count,
        firstSeen: f.firstSeen,
        lastSeen: f.lastSeen,
        kinds: f.kinds.map(kindLabel),
        objects: f.objects.map((o) => ({ kind: o.kind, namespace: o.namespace, name: o.name, count: o.count })),
        likelyCauses: f.likelyCauses,
        fixes: f.fixes,
        causes: f.causes,
        causedBy: f.causedBy,
      },
    };
  });
  const s = report.stats;
  const filters = report.filters ? [...describeFilters(report.filters), describeFilterCounts(report.filters)].filter((x) => x !== '').join(' · ') : null;
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kube-log-doctor', version: TOOL_VERSION, ...(TOOL_URL !== undefined ? { informationUri: TOOL_URL } : {}), rules: rules.map(ruleOf) } },
        invocations: [
          {
            executionSuccessful: s.lines > 0,
            toolExecutionNotifications: s.errors.map((e) => ({ level: 'warning', message: { text: e } })),
          },
        ],
        results,
        properties: {
          lines: s.lines,
          sources: s.sources,
          ...(report.omitted ? { omitted: report.omitted } : {}),
          ...(filters !== null ? { filters, filterCounts: report.filters } : {}),
        },
      },
    ],
  };
  return jsonSafe(JSON.stringify(log, null, 2)) + '\n';
}
