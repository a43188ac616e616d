/**
 * Copyable commands: every fix of every bundled signature and of every near-miss rule is rendered
 * in text and in markdown, and each command in it comes out byte for byte — in text on one line
 * (never wrapped, however narrow the width), in markdown as a code span or block that a real
 * CommonMark + GFM parser (micromark) reads back as exactly that command, nothing escaped inside.
 * Values from the log are filled in as the pipeline fills them (shell-quoted in commands), among
 * them pipes, backslashes, quotes and jq's `"\(.kind)"`.
 */

import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { terminalSafe } from '../../src/report/terminal-safe.js';
import { fixParts, logLiterals, richParts, type Part } from '../../src/report/rich-text.js';
import { loadLibrary } from '../../src/library/load.js';
import { correlate } from '../../src/correlate/correlate.js';
import { NEAR_MISS_UNITS, exampleRegistry, parseSeen } from '../../src/correlate/rule-units.js';
import type { Finding } from '../../src/model/finding.js';
import { codeTexts, finding, report, signatureFinding } from './helpers.js';

/** Log values as captures: plain, and the characters markdown and shells care about. */
const VALUES = ['web-7f9c', 'a|b x\\y', '"\\(.kind) \\(.metadata.name)"', "it's $HOME `id` *[1]"];

const { patterns } = loadLibrary([], { verdictCache: null });

/** The near-miss findings the correlator makes for each rule's examples (kinds as the logs name them). */
function nearMissFindings(): Finding[] {
  const registry = exampleRegistry();
  const out: Finding[] = [];
  for (const unit of NEAR_MISS_UNITS) {
    for (const x of unit.invalid) {
      // A finding that says the kind fails to resolve, as the garbage collector's does.
      const seen = finding({ id: 'seen', family: 'gc-rest-mapping', key: `seen:${x.seen}`, kinds: [parseSeen(x.seen)], fixes: [], likelyCauses: [] });
      const made = correlate([seen], registry).findings.filter((f) => f.id === unit.id);
      expect(made, `${unit.id}: ${x.seen}`).toHaveLength(1);
      out.push(made[0]!);
    }
  }
  return out;
}

/** Every code part of a finding's prose (fixes read as fixes: a command after a label is one too). */
function codeParts(f: Finding): Part[] {
  const literals = logLiterals(f);
  return [
    ...f.fixes.flatMap((t) => fixParts(t, literals)),
    ...[f.diagnosis, f.explanation, ...f.likelyCauses].flatMap((t) => richParts(t, literals)),
  ].filter((p) => p.kind === 'code');
}

function checkFindings(findings: Finding[], what: string): number {
  let commands = 0;
  const md = renderMarkdown(report(findings));
  const read = new Set(codeTexts(md));
  for (const f of findings) {
    const parts = codeParts(f);
    for (const p of parts) {
      const code = terminalSafe(p.text);
      expect(read.has(code), `${what} ${f.key}: markdown lost ${JSON.stringify(code)}`).toBe(true);
    }
    for (const width of [40, 100]) {
      const lines = renderText(report([f]), { color: false, width }).split('\n');
      for (const p of parts.filter((x) => x.kind === 'code' && x.command)) {
        const code = terminalSafe(p.text);
        expect(lines.some((l) => l.includes(code)), `${what} ${f.key} at ${width}: text split ${code}`).toBe(true);
        if (width === 40) commands++;
      }
    }
  }
  // GFM tables split cells at a pipe even inside code: a command never stands in a table row.
  for (const row of md.split('\n').filter((l) => l.startsWith('| '))) expect(row).not.toMatch(/\bkubectl\b/);
  return commands;
}

describe('copyable commands', () => {
  it('every command of every bundled signature reads back byte for byte, whatever the log values', { timeout: 120_000 }, () => {
    let commands = 0;
    for (const v of VALUES) commands += checkFindings(patterns.map((p) => signatureFinding(p, v)), `value ${JSON.stringify(v)}:`);
    // The library's fixes are full of commands: the check saw them.
    expect(commands).toBeGreaterThan(VALUES.length * patterns.length);
  });

  it('every command of every near-miss rule reads back byte for byte', () => {
    const findings = nearMissFindings();
    expect(new Set(findings.map((f) => f.id))).toEqual(new Set(NEAR_MISS_UNITS.map((u) => u.id)));
    expect(checkFindings(findings, 'near-miss')).toBeGreaterThan(findings.length);
  });

  it("keeps the seed case's jq program, backslashes and pipes included, in both formats", () => {
    const f = nearMissFindings().find((x) => x.id === 'kind-case-mismatch')!;
    const jq = codeParts(f).map((p) => p.text).find((c) => c.includes('jq -r'))!;
    expect(jq).toContain('"\\(.kind) \\(.metadata.namespace)/\\(.metadata.name)"');
    expect(codeTexts(renderMarkdown(report([f])))).toContain(jq);
    expect(renderMarkdown(report([f]))).not.toContain('\\|');
    expect(renderText(report([f]), { color: false, width: 40 }).split('\n').map((l) => l.trim())).toContain(jq);
  });
});
