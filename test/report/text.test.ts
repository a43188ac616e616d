/**
 * `-o text`: prose wraps at the width, commands never do (each is copied whole from one line),
 * log text stays terminal-safe, and the width follows COLUMNS, the terminal, else 100.
 */

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { renderText, wrapParts } from '../../src/report/text.js';
import { richParts } from '../../src/report/rich-text.js';
import { reportWidth } from '../../src/report/width.js';
import { jsonSafe } from '../../src/report/terminal-safe.js';
import { loadLibrary } from '../../src/library/load.js';
import { renderTemplate } from '../../src/library/compile.js';
import { run } from '../../src/cli/program.js';
import { finding, memoryIo, report } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

describe('text report', () => {
  it('renders a small report (inline snapshot)', () => {
    const f = finding({
      diagnosis: 'The webhook w.demo.svc rejected 3 Widgets because its serving certificate expired two days ago.',
      fixes: [
        'Check the Service: `kubectl -n demo get svc,endpointslices -l app.kubernetes.io/name=widget-webhook -o wide`',
        'Regenerate (`make generate`) and redeploy.',
        "Read the conditions: kubectl get crd widgets.example.com -o jsonpath='{.status.conditions}'",
        'Check etcd: `kubectl get --raw=/readyz/etcd` and `kubectl get --raw /metrics | grep etcd_request_duration_seconds_sum`.',
      ],
      evidence: [{ source: 'op.log', line: 7, text: 'E0612 webhook failed\u001b[2J' }],
    });
    expect(renderText(report([f]), { color: false, width: 60 })).toMatchInlineSnapshot(`
      "kube-log-doctor: 1 finding · 10 lines from 1 source

      ERROR    demo-signature ×3  Demo signature
        kinds      example.com/v1/Widget
        objects    default/w1 (3)
        seen       2026-06-12T10:00:00.000Z … 2026-06-12T10:01:00.000Z

        The webhook w.demo.svc rejected 3 Widgets because its
        serving certificate expired two days ago.

        Why
          Widgets fail when their CRD is missing.
        Likely causes
          1. The CRD is not installed.
        Fix
          1. Check the Service:
               kubectl -n demo get svc,endpointslices -l app.kubernetes.io/name=widget-webhook -o wide
          2. Regenerate (\`make generate\`) and redeploy.
          3. Read the conditions:
               kubectl get crd widgets.example.com -o jsonpath='{.status.conditions}'
          4. Check etcd: \`kubectl get --raw=/readyz/etcd\` and
               kubectl get --raw /metrics | grep etcd_request_duration_seconds_sum
        Evidence
          op.log:7  E0612 webhook failed\\x1b[2J
      "
    `);
  });

  it('never wraps a command of any bundled signature, and wraps the prose around it at the width', () => {
    const { patterns } = loadLibrary();
    for (const width of [40, 60, 100]) {
      for (const p of patterns) {
        const fill = (t: string) => renderTemplate(t, new Proxy({}, { get: (_t, name) => `demo-${String(name)}` }));
        const f = finding({
          id: p.spec.id,
          title: fill(p.spec.title),
          diagnosis: fill(p.spec.diagnosis),
          explanation: fill(p.spec.explanation),
          likelyCauses: p.spec.causes.map(fill),
          fixes: p.spec.fixes.map(fill),
          evidence: [],
        });
        const out = renderText(report([f]), { color: false, width });
        const lines = out.split('\n');
        const commands = [...p.spec.fixes, ...p.spec.causes, p.spec.explanation, p.spec.diagnosis].flatMap((t) =>
          richParts(fill(t)).flatMap((part) => (part.kind === 'code' ? [part.text] : [])),
        );
        for (const c of commands) expect(lines.some((l) => l.includes(c)), `${p.spec.id}: ${c}`).toBe(true);
        // From the diagnosis on, a line is longer than the width only when a command or code span
        // (which are never cut) or a single long word makes it so.
        for (const l of lines.slice(lines.indexOf('', 2) + 1)) {
          const why = commands.some((c) => l.includes(c)) || !/\S\s+\S/.test(l.replace(/^\s*\d+\. /, ''));
          if (l.length > width) expect(why, `${p.spec.id} at ${width}: ${l}`).toBe(true);
        }
      }
    }
  });

  it('prints a long command on a line of its own, indented under its fix and unwrapped', () => {
    const cmd = "kubectl get all -A -o json | jq -r '.items[] | \"\\(.kind) \\(.metadata.name)\"'";
    expect(wrapParts(richParts(`Find them: \`${cmd}\` (any namespace).`), 40, '       ', '    1. ')).toBe(
      ['    1. Find them:', `         ${cmd}`, '       (any namespace).'].join('\n'),
    );
    // A short command that fits stays in the sentence, whole.
    expect(wrapParts(richParts('Regenerate (`make generate`) and redeploy the operator now.'), 40, '  ')).toBe(
      ['  Regenerate (`make generate`) and', '  redeploy the operator now.'].join('\n'),
    );
  });

  it('escapes control characters from the log in prose, commands and evidence', () => {
    const f = finding({
      diagnosis: 'Pod \u001b]0;pwned\u0007x failed',
      fixes: ['Check: `kubectl get pod \u001b[2Jx`'],
      evidence: [{ source: 'a\u009bb.log', line: 1, text: 'E \u202eevil' }],
    });
    const out = renderText(report([f]), { color: false, width: 60 });
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain('kubectl get pod \\x1b[2Jx');
    expect(out).toContain('\\x1b]0;pwned\\x07x');
  });
});

describe('report width', () => {
  const io = (env: NodeJS.ProcessEnv, stdout: { isTTY?: boolean; columns?: number } = {}) => ({ env, stdout });

  it('takes COLUMNS when set, else the terminal width, else 100', () => {
    expect(reportWidth(io({}))).toBe(100);
    expect(reportWidth(io({ COLUMNS: '72' }))).toBe(72);
    expect(reportWidth(io({}, { isTTY: true, columns: 132 }))).toBe(132);
    expect(reportWidth(io({ COLUMNS: '80' }, { isTTY: true, columns: 132 }))).toBe(80);
    expect(reportWidth(io({ COLUMNS: 'wide' }, { isTTY: true, columns: 90 }))).toBe(90);
    expect(reportWidth(io({ COLUMNS: '0' }))).toBe(100);
  });

  it('wraps the seed case at COLUMNS when piped, and keeps every command on one line', async () => {
    const args = ['node', 'kube-log-doctor', `${ROOT}samples/seed-case`];
    for (const [env, tty, width] of [
      [{ COLUMNS: '70' }, undefined, 70],
      [{}, undefined, 100],
      [{}, { columns: 120 }, 120],
    ] as const) {
      const io = memoryIo(env, tty);
      expect(await run(args, io)).toBe(0);
      const lines = io.out().split('\n');
      const fixAt = lines.findIndex((l) => l.trim() === 'Fix');
      const fixLines = lines.slice(fixAt + 1, lines.findIndex((l, i) => i > fixAt && l.trim() === 'Evidence'));
      // The two long commands stand on lines of their own, whole; the short one is whole on some line.
      expect(fixLines).toContain("         kubectl get crd podautoscalers.autoscaling.aibrix.ai -o jsonpath='{.spec.names.kind}'");
      expect(fixLines).toContain(
        `         kubectl get all -A -o json | jq -r '.items[] | select(any(.metadata.ownerReferences[]?; .kind=="PodAutoScaler")) | "\\(.kind) \\(.metadata.namespace)/\\(.metadata.name)"'`,
      );
      expect(fixLines.some((l) => l.includes('kubectl get hpa -A'))).toBe(true);
      for (const l of fixLines) if (!l.trim().startsWith('kubectl ')) expect(l.length, l).toBeLessThanOrEqual(width);
      expect(Math.max(...fixLines.filter((l) => !l.trim().startsWith('kubectl ')).map((l) => l.length))).toBeGreaterThan(width - 15);
    }
  });
});

describe('JSON escaping (jsonSafe)', () => {
  it('escapes DEL, C1 controls, bidi overrides and line separators, and leaves other text as it is', () => {
    expect(jsonSafe('{"a": "x\u007fy"}')).toBe('{"a": "x\\u007fy"}');
    expect(jsonSafe('{"a": "\u009b31m \u202e \u2028"}')).toBe('{"a": "\\u009b31m \\u202e \\u2028"}');
    // Past U+007F but safe: kept (the quick check must not skip the scan for these).
    expect(jsonSafe('{"a": "café 日本 \u{1f600}"}')).toBe('{"a": "café 日本 \u{1f600}"}');
    expect(jsonSafe('{"a": "é\u0085"}')).toBe('{"a": "é\\u0085"}');
    const plain = JSON.stringify({ a: 'plain ASCII '.repeat(1000) });
    expect(jsonSafe(plain)).toBe(plain);
  });
});
