/**
 * `-o markdown` read back with a real CommonMark + GFM parser (micromark, as remark uses): log text
 * never changes the document's structure, and every command reads back byte for byte.
 */

import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderKindsMarkdown } from '../../src/report/kinds-view.js';
import { renderSourcesMarkdown } from '../../src/report/by-source.js';
import { terminalSafe } from '../../src/report/terminal-safe.js';
import { loadLibrary } from '../../src/library/load.js';
import { renderTemplate } from '../../src/library/compile.js';
import { run } from '../../src/cli/program.js';
import type { Finding, Report } from '../../src/model/finding.js';
import { blockOutline, codeTexts, finding, memoryIo, parseMarkdown, PLACEHOLDER, plainText, report, signatureFinding, walk, type MdNode } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Log text that is Markdown syntax: fences, code, tables, headings, lists, HTML, links, escapes. */
const HOSTILE = [
  '~~~',
  '```',
  '````sh',
  'a`b',
  '``a``',
  '` x `',
  'a|b',
  'a\\|b',
  'x\\',
  '"\\(.kind) \\(.metadata.name)"',
  '# heading',
  '- item',
  '+ item',
  '1. item',
  '2) item',
  '> quote',
  '<div>',
  '<!-- x -->',
  '*em* _em_ **strong**',
  'snake_case_name __dunder__ _x_y',
  '[link](http://evil.example) ![img](x.png)',
  '&amp; &#124;',
  '$x^2$',
  '    indented',
  '\tindented',
  '| a | b |',
  '|---|---|',
  '---',
  '===',
  '~~strike~~',
  '[^1]',
  '- [ ] task',
  'a\nb\n# c',
  '\u001b[2Jred\u001b]0;title\u0007',
];

const { patterns } = loadLibrary();

/** A finding of a bundled signature, with every capture (and kind, object, source) set to `v`. */
function filled(p: (typeof patterns)[number], v: string): Finding {
  return signatureFinding(p, v, {
    kinds: [{ group: v, version: v, kind: v, resource: null }],
    objects: [{ kind: v, namespace: v, name: v, count: 2 }],
    objectsOmitted: 1,
    evidence: [
      { source: `${v}.log`, line: 3, text: `E0612 10:00:00.000000 1 x.go:1] ${v}`, namespace: v, pod: v, container: v },
      { source: 'op.log', line: 4, text: v },
    ],
    causes: [`other:${v}`],
  });
}

/**
 * The code spans of a template as its author wrote them, filled with `v` as a command is (each value
 * one shell word, quoted where it must be) and shown terminal-safe.
 */
function expectedCode(template: string, v: string): string[] {
  const vars = Object.fromEntries([...template.matchAll(PLACEHOLDER)].map((m) => [m[1]!, v]));
  return [...template.matchAll(/`([^`]+)`/g)].map((m) => terminalSafe(renderTemplate(`\`${m[1]!}\``, vars).slice(1, -1)));
}

describe('markdown report with hostile log text', () => {
  // Every bundled signature with its captures set to one hostile value, the values taken in turn,
  // so that each value meets several signatures (parsing is what takes the time here).
  const cases = patterns.map((p, i) => [p, HOSTILE[i % HOSTILE.length]!] as const);

  it('no capture changes the structure of any bundled signature\'s section, and commands read back byte for byte', () => {
    const benign = new Map(patterns.map((p) => [p.spec.id, blockOutline(renderMarkdown(report([filled(p, 'value1')])))]));
    const covered = new Set<string>();
    for (const [p, v] of cases) {
      covered.add(v);
      const what = `${p.spec.id} with ${JSON.stringify(v)}`;
      const md = renderMarkdown(report([filled(p, v)], [`cannot read ${v}`]));
      // The same headings, paragraphs, lists, code blocks, table rows and cells as with a harmless
      // value (the input error adds one blockquote with one paragraph).
      const tree = parseMarkdown(md);
      const outline = blockOutline(tree);
      const errorAt = outline.indexOf('blockquote');
      expect(outline.slice(errorAt, errorAt + 2), what).toEqual(['blockquote', '  paragraph']);
      outline.splice(errorAt, 2);
      expect(outline, what).toEqual(benign.get(p.spec.id));
      const code = codeTexts(tree);
      for (const text of [...p.spec.fixes, ...p.spec.causes, p.spec.explanation]) {
        for (const c of expectedCode(text, v)) expect(code, `${what}: ${c}`).toContain(c);
      }
    }
    expect(covered.size).toBe(HOSTILE.length);
  });

  it('shows hostile text as the text it is, in headings, prose, table cells and code', () => {
    const v = 'a|b\\|c `d` ~~~ <i>x</i> *y*';
    const f = finding({
      title: `Title ${v}`,
      diagnosis: `${v} failed`,
      kinds: [{ group: 'g', version: 'v1', kind: v, resource: null }],
      objects: [{ kind: 'K', namespace: 'ns', name: v, count: 1 }],
      captures: { kind: v },
    });
    const tree = parseMarkdown(renderMarkdown(report([f])));
    const texts: Record<string, string[]> = {};
    walk(tree, (n: MdNode) => {
      if (n.type === 'heading' || n.type === 'paragraph' || n.type === 'tableCell') (texts[n.type] ??= []).push(plainText(n));
    });
    expect(texts['heading']).toContain(`ERROR: Title ${v} (demo-signature, ×3)`);
    expect(texts['paragraph']).toContain(`${v} failed`);
    // The value holds a backslash right before a pipe, which no GFM code span in a cell can hold:
    // it is written as escaped text there, and reads back the same.
    expect(texts['tableCell']).toContain(`g/v1/${v}`);
    expect(texts['tableCell']).toContain(`ns/${v} (1)`);
  });

  it('keeps a pipe in a code span as a pipe outside tables, and escapes it only inside them', () => {
    const cmd = "kubectl get all -A -o json | jq -r '.items[] | \"\\(.kind)\"'";
    const f = finding({
      kinds: [{ group: 'g', version: 'v1', kind: 'A|B', resource: null }],
      fixes: [`Find them: \`${cmd}\``, `Or inline: \`${cmd}\` (then check)`],
    });
    const md = renderMarkdown(report([f]));
    expect(md).toContain('| Kinds | `g/v1/A\\|B` |');
    expect(md).not.toContain('\\| jq');
    expect(codeTexts(md).filter((c) => c === cmd)).toHaveLength(2);
    expect(codeTexts(md)).toContain('g/v1/A|B');
  });

  it('renders a small report (inline snapshot)', () => {
    const f = finding({
      title: 'Webhook *call* failed',
      diagnosis: '- # ~~~ in the log: webhook w|x failed',
      explanation: 'The API server calls the webhook `w|x` over TLS.',
      likelyCauses: ['1. The certificate expired.'],
      fixes: [
        'Check the Service: `kubectl -n demo get svc,endpointslices | grep -v Running`',
        "Read the conditions: kubectl get crd widgets.example.com -o jsonpath='{.status.conditions}'",
        'Regenerate (`make generate`) and redeploy.',
        'Print `` `x` `` literally, then `kubectl get pods`.',
      ],
      evidence: [{ source: 'op.log', line: 7, text: 'E0612 ``` oops ~~~' }],
      causes: ['other:x'],
    });
    expect(renderMarkdown(report([f], ['bad.tar.gz: corrupt <header>']))).toMatchInlineSnapshot(`
      "## kube-log-doctor diagnosis

      1 finding · 10 lines from 1 source · 1 input error

      > input error: bad.tar.gz: corrupt \\<header\\>

      **Root causes**

      \`\`\`text
      ERROR demo-signature ×3  Webhook *call* failed
      \`\`\`

      ### ERROR: Webhook \\*call\\* failed (\`demo-signature\`, ×3) — root cause

      | | |
      |---|---|
      | Kinds | \`example.com/v1/Widget\` |
      | Objects | \`default/w1\` (3) |
      | Seen | 2026-06-12T10:00:00.000Z … 2026-06-12T10:01:00.000Z |
      | Causes | \`other:x\` |

      \\- \\# \\~\\~\\~ in the log: webhook w\\|x failed

      **Why.** The API server calls the webhook \`w|x\` over TLS.

      **Likely causes**

      1. 1\\. The certificate expired.

      **Fix**

      1. Check the Service:
         \`\`\`sh
         kubectl -n demo get svc,endpointslices | grep -v Running
         \`\`\`
      2. Read the conditions:
         \`\`\`sh
         kubectl get crd widgets.example.com -o jsonpath='{.status.conditions}'
         \`\`\`
      3. Regenerate (\`make generate\`) and redeploy.
      4. Print \`\` \`x\` \`\` literally, then
         \`\`\`sh
         kubectl get pods
         \`\`\`

      **Evidence**

      \`\`\`\`text
      op.log:7  E0612 \`\`\` oops ~~~
      \`\`\`\`
      "
    `);
  });
});

describe('seed case in markdown', () => {
  it("keeps the jq fix's backslashes and pipes, so the command read back is the command in the JSON", async () => {
    const args = ['node', 'kube-log-doctor', `${ROOT}samples/seed-case`];
    const json = memoryIo();
    await run([...args, '-o', 'json'], json);
    // Effects show only their root cause's fixes.
    const fixes = (JSON.parse(json.out()) as Report).findings.filter((f) => f.causedBy.length === 0).flatMap((f) => f.fixes);
    const jqFix = fixes.find((f) => f.includes('| jq -r'))!;
    const command = jqFix.slice(jqFix.indexOf('kubectl get all'));
    expect(command).toContain('"\\(.kind) \\(.metadata.namespace)/\\(.metadata.name)"');

    const io = memoryIo();
    expect(await run([...args, '-o', 'markdown'], io)).toBe(0);
    const tree = parseMarkdown(io.out());
    const blocks: MdNode[] = [];
    walk(tree, (n) => {
      if (n.type === 'code') blocks.push(n);
    });
    expect(blocks.map((b) => b.value)).toContain(command);
    // Every fix that names a kubectl command has it as code, exactly as in the JSON report.
    for (const fix of fixes) {
      if (fix.includes('kubectl ')) expect(codeTexts(io.out()).some((c) => fix.includes(c) && c.startsWith('kubectl'))).toBe(true);
    }
  });
});

describe('kinds and sources views', () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v), v] as const))('keep their structure with %s in a kind, an object or a source', (_name, v) => {
    const build = (x: string): Report => ({
      ...report([finding({ key: 'k1', title: `T ${x}` })]),
      kinds: [
        {
          group: x,
          version: 'v1',
          kind: x,
          resource: null,
          count: 3,
          findings: ['k1'],
          problems: [`not registered: ${x}`],
          objects: [{ kind: x, namespace: x, name: x, count: 3 }],
        },
      ],
      sources: [{ source: `${x}.log`, kind: 'log', layout: 'file', namespace: x, pod: x, container: x, lines: 10, entries: 9, unparsed: 1, findings: [{ key: 'k1', count: 3 }], errors: 0 }],
    });
    expect(blockOutline(renderKindsMarkdown(build(v)))).toEqual(blockOutline(renderKindsMarkdown(build('value1'))));
    expect(blockOutline(renderSourcesMarkdown(build(v)))).toEqual(blockOutline(renderSourcesMarkdown(build('value1'))));
    const cells: string[] = [];
    walk(parseMarkdown(renderSourcesMarkdown(build(v))), (n) => {
      if (n.type === 'tableCell') cells.push(plainText(n));
    });
    // GFM trims the blanks around a cell's content.
    expect(cells).toContain(terminalSafe(`${v}/${v}/${v}`).trim());
  });
});
