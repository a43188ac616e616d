/** Small reports built by hand, a fake Io for in-process runs, and a real CommonMark + GFM parser. */

import { Writable } from 'node:stream';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfm } from 'micromark-extension-gfm';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import type { Finding, Report } from '../../src/model/finding.js';
import type { Io } from '../../src/cli/io.js';
import type { CompiledPattern } from '../../src/library/compile.js';
import { renderTemplate } from '../../src/library/compile.js';

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: 'demo-signature',
    family: 'demo',
    origin: 'signature',
    key: 'demo-signature:example.com/v1/Widget',
    title: 'Demo signature',
    severity: 'error',
    count: 3,
    firstSeen: '2026-06-12T10:00:00.000Z',
    lastSeen: '2026-06-12T10:01:00.000Z',
    kinds: [{ group: 'example.com', version: 'v1', kind: 'Widget', resource: null }],
    objects: [{ kind: 'Widget', namespace: 'default', name: 'w1', count: 3 }],
    objectsOmitted: 0,
    diagnosis: 'Widget default/w1 failed.',
    explanation: 'Widgets fail when their CRD is missing.',
    likelyCauses: ['The CRD is not installed.'],
    fixes: ['List the CRDs: `kubectl get crd`'],
    evidence: [{ source: 'op.log', line: 7, text: 'E0612 10:00:00.000000 1 widget.go:1] failed' }],
    captures: {},
    impact: null,
    causes: [],
    causedBy: [],
    ...over,
  };
}

/** A `{{name}}` placeholder of a template. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** A finding of a bundled signature with every placeholder of its texts filled with `v` (as rendering fills captures), then `over`. */
export function signatureFinding(p: CompiledPattern, v: string, over: Partial<Finding> = {}): Finding {
  const names = new Set<string>();
  for (const t of [p.spec.title, p.spec.diagnosis, p.spec.explanation, ...p.spec.causes, ...p.spec.fixes]) {
    for (const m of t.matchAll(PLACEHOLDER)) names.add(m[1]!);
  }
  const vars = Object.fromEntries([...names].map((n) => [n, v]));
  const fill = (t: string) => renderTemplate(t, vars);
  return finding({
    id: p.spec.id,
    key: `${p.spec.id}:${v}`,
    title: fill(p.spec.title),
    severity: p.spec.severity,
    diagnosis: fill(p.spec.diagnosis),
    explanation: fill(p.spec.explanation),
    likelyCauses: p.spec.causes.map(fill),
    fixes: p.spec.fixes.map(fill),
    captures: vars,
    ...over,
  });
}

export function report(findings: Finding[], errors: string[] = []): Report {
  return {
    version: 1,
    stats: {
      bytes: 100,
      lines: 10,
      entries: 10,
      continuation: 0,
      unparsed: 0,
      truncated: 0,
      sources: 1,
      byFormat: { klog: 10 },
      byLevel: { error: 3 },
      errors,
    },
    findings,
    kinds: [],
  };
}

/** Parses Markdown as GitHub does: CommonMark plus the GFM extensions (tables, strikethrough, autolinks, …). */
export function parseMarkdown(md: string): MdNode {
  return fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }) as unknown as MdNode;
}

export interface MdNode {
  type: string;
  value?: string;
  depth?: number;
  children?: MdNode[];
}

export function walk(node: MdNode, visit: (n: MdNode) => void): void {
  visit(node);
  for (const c of node.children ?? []) walk(c, visit);
}

const BLOCKS = new Set(['heading', 'paragraph', 'list', 'listItem', 'code', 'table', 'tableRow', 'tableCell', 'blockquote', 'thematicBreak', 'html', 'definition', 'footnoteDefinition']);

/** The document's block structure as an indented outline: what log text must never change. */
export function blockOutline(md: string | MdNode): string[] {
  const out: string[] = [];
  const visit = (n: MdNode, depth: number) => {
    if (BLOCKS.has(n.type)) out.push(`${'  '.repeat(depth)}${n.type}${n.depth !== undefined ? n.depth : ''}`);
    for (const c of n.children ?? []) visit(c, BLOCKS.has(n.type) ? depth + 1 : depth);
  };
  visit(typeof md === 'string' ? parseMarkdown(md) : md, 0);
  return out;
}

/**
 * Every piece of code in the document (code spans and code blocks), as a reader copies it. Given
 * the parsed document (parseMarkdown) when its outline is read too: parsing is what takes the time.
 */
export function codeTexts(md: string | MdNode): string[] {
  const out: string[] = [];
  walk(typeof md === 'string' ? parseMarkdown(md) : md, (n) => {
    if ((n.type === 'inlineCode' || n.type === 'code') && n.value !== undefined) out.push(n.value);
  });
  return out;
}

/** The text a reader sees in a node (code included). */
export function plainText(n: MdNode): string {
  if (n.value !== undefined) return n.value;
  return (n.children ?? []).map(plainText).join('');
}

/** An Io whose stdout and stderr are strings; `tty` makes stdout a terminal `columns` wide. */
export function memoryIo(env: NodeJS.ProcessEnv = {}, tty?: { columns: number }): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stdout = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  }) as Io['stdout'];
  if (tty) {
    stdout.isTTY = true;
    stdout.columns = tty.columns;
  }
  const stderr = new Writable({
    write(chunk, _enc, done) {
      err += String(chunk);
      done();
    },
  });
  return { stdout, stderr, env: { NO_COLOR: '1', ...env }, out: () => out, err: () => err };
}
