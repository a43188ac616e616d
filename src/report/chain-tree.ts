/** The causal chains of a report as trees: each root cause with what it leads to, for text and markdown. */

import type { Finding, Report } from '../model/finding.js';

export interface ChainNode {
  finding: Finding;
  children: ChainNode[];
}

const MAX_DEPTH = 6;

/** One tree per root cause (a finding that causes others and is caused by none). */
export function chainTrees(report: Report): ChainNode[] {
  const byKey = new Map(report.findings.map((f) => [f.key, f]));
  const build = (f: Finding, path: Set<string>): ChainNode => ({
    finding: f,
    children:
      path.size >= MAX_DEPTH
        ? []
        : f.causes
            .filter((k) => !path.has(k) && byKey.has(k))
            .map((k) => build(byKey.get(k)!, new Set([...path, k]))),
  });
  return report.findings.filter((f) => f.causes.length > 0 && f.causedBy.length === 0).map((f) => build(f, new Set([f.key])));
}

/** Flattens a tree to lines with box-drawing indentation; `label` renders one finding. */
export function treeLines(node: ChainNode, label: (f: Finding) => string, prefix = '', isRoot = true, isLast = true): string[] {
  const here = isRoot ? label(node.finding) : `${prefix}${isLast ? '└─ ' : '├─ '}${label(node.finding)}`;
  const childPrefix = isRoot ? prefix : `${prefix}${isLast ? '   ' : '│  '}`;
  return [
    here,
    ...node.children.flatMap((c, i) => treeLines(c, label, childPrefix, false, i === node.children.length - 1)),
  ];
}
