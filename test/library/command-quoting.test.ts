/**
 * Commands are data: every value put into a fix's command stays one literal shell word, whatever
 * it holds. Hostile values (shell metacharacters, quotes, newlines, terminal escapes) go through
 * every placeholder of every signature and every near-miss rule; each rendered command must pass
 * `bash -n`, and bash itself (shell-words.ts) must hand the same commands the same words as with a
 * plain value, the hostile value appearing literally where the plain one was. (shell-quote was
 * tried as the parser: it merges two '\''-quoted words into one, so it cannot be the judge.)
 */

import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bashAccepts, bashWordsMany } from './shell-words.js';
import { loadLibrary } from '../../src/library/load.js';
import { endsWord, renderCommand, renderTemplate } from '../../src/library/command.js';
import { DERIVED_VARS } from '../../src/library/compile.js';
import { KindRegistry, crdsFromText, invalidNames, kindsFromApiResources } from '../../src/correlate/registry.js';
import { NEAR_MISS_RULES } from '../../src/correlate/near-miss.js';
import { wellFormedKind } from '../../src/correlate/aggregate.js';
import { fixCommand } from '../../src/tui/fix-command.js';
import type { KindRef } from '../../src/model/finding.js';

const { patterns } = loadLibrary();

export const HOSTILE = [
  'x$(touch /tmp/pwned)',
  'x`touch /tmp/pwned`',
  "it's; rm -rf ~ #",
  'a"b\\"c$HOME',
  'a b\tc\nd',
  '*?[a-z]{x,y}~!',
  'x|y&z;w>(v)<u',
  '\u001b]52;c;cHduZWQ=\u0007\u009b2J\u202e',
  "'\\''",
  "${IFS}$'\\x41'",
  '*',
  '~root',
];

/** Author-written placeholders (`<namespace>`) are redirections to a shell; give them a word for parsing. */
const authorPlaceholders = (cmd: string) => cmd.replace(/<([a-z][A-Za-z0-9-]*)>/g, 'PH_$1');

/** Code spans of a rendered text: the shell commands. */
const codeSpans = (text: string) => text.split('`').filter((_, i) => i % 2 === 1);

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]!))];
}

/** A plain value per variable that matches every grammar that letters can (kinds, names, groups…). */
const NOT_IN_COMMAND = /[`\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function marker(i: number): string {
  return `zq${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`;
}

/** Replaces markers in the words of each command by the values they stand for. */
function substitute(commands: string[][], values: Map<string, string>): string[][] {
  return commands.map((words) =>
    words.map((w) => {
      let out = w;
      for (const [m, v] of values) out = out.split(m).join(v);
      return out;
    }),
  );
}

const templates = patterns.flatMap((p) =>
  [
    ['diagnosis', p.spec.diagnosis],
    ['impact', p.spec.impact ?? ''],
    ...p.spec.causes.map((c, i) => [`causes.${i}`, c]),
    ...p.spec.fixes.map((f, i) => [`fixes.${i}`, f]),
  ]
    .filter(([, t]) => codeSpans(t!).some((span) => span.includes('{{')))
    .map(([where, t]) => [`${p.spec.id} ${where}`, t!] as const),
);

describe('signature commands keep every value one literal word', () => {
  it('covers the bundled commands with placeholders', () => {
    expect(templates.length).toBeGreaterThan(50);
  });

  /** What a template's test gives bash: its commands with plain values (markers), then with each hostile value. */
  const prepare = (template: string) => {
    const names = placeholders(template);
    const plain: Record<string, string> = {};
    names.forEach((n, i) => (plain[n] = marker(i)));
    // Code spans that take values (others, such as Go snippets, are not shell).
    const filled = codeSpans(template).map((span) => span.includes('{{'));
    const valued = (spans: string[]) => spans.filter((_, i) => filled[i]);
    const plainSpans = valued(codeSpans(renderTemplate(template, plain))).map(authorPlaceholders);
    const hostile = HOSTILE.map((payload) => {
      const vars: Record<string, string> = {};
      for (const n of names) vars[n] = payload;
      return { payload, spans: valued(codeSpans(renderTemplate(template, vars))) };
    });
    const all = [...plainSpans, ...hostile.flatMap((h) => h.spans.map(authorPlaceholders))];
    return { names, plain, plainSpans, hostile, all };
  };
  // One bash for the syntax and one for the words of every template's commands (a bash per
  // template cost most of this file's time); each template's test then checks its own share.
  let shared: { syntaxOk: boolean; words: Map<string, string[][]> } = { syntaxOk: false, words: new Map() };
  beforeAll(() => {
    const all = [...new Set(templates.flatMap(([, t]) => prepare(t).all))];
    const syntaxOk = bashAccepts(all.map((c) => `( kld_words ${c}\n)\n`).join(''));
    const words = syntaxOk ? bashWordsMany(all) : [];
    shared = { syntaxOk, words: new Map(words.length === all.length ? all.map((c, i) => [c, words[i]!]) : []) };
  }, 300_000);

  it.each(templates)('%s', (_where, template) => {
    const { names, plain, plainSpans, hostile, all } = prepare(template);
    for (const h of hostile) expect(h.spans.length).toBe(plainSpans.length);
    const batch = shared;
    // One bash for the syntax of them all; one by one only to name the culprit.
    if (!batch.syntaxOk && !bashAccepts(all.map((c) => `( kld_words ${c}\n)\n`).join(''))) {
      for (const c of all) expect(bashAccepts(`kld_words ${c}\n`), `bash -n rejects: ${c}`).toBe(true);
    }
    const words = all.every((c) => batch.words.has(c)) ? all.map((c) => batch.words.get(c)!) : bashWordsMany(all);
    expect(words).toHaveLength(all.length);
    const plainWords = words.slice(0, plainSpans.length);
    hostile.forEach(({ payload, spans }, h) => {
      // A value a printed command cannot carry (a backtick, a control character) shows as <name>.
      const value = (n: string) => (NOT_IN_COMMAND.test(payload) ? `PH_${n}` : payload);
      spans.forEach((cmd, i) => {
        const expected = substitute(plainWords[i]!, new Map(names.map((n) => [plain[n]!, value(n)])));
        expect(words[plainSpans.length + h * plainSpans.length + i], cmd).toEqual(expected);
      });
    });
  });

  it('prints values that match their grammar bare, so plain commands read as before', () => {
    expect(
      renderTemplate('Confirm the denial: `kubectl auth can-i {{verb}} {{groupResource}} -A --as={{subject}}`', {
        verb: 'list',
        groupResource: 'podautoscalers.autoscaling.aibrix.ai',
        subject: 'system:serviceaccount:aibrix-system:aibrix-controller',
      }),
    ).toBe('Confirm the denial: `kubectl auth can-i list podautoscalers.autoscaling.aibrix.ai -A --as=system:serviceaccount:aibrix-system:aibrix-controller`');
    expect(renderTemplate("`grep -F '{{webhook}}'` and {{webhook}}", { webhook: 'vpod.kb.io' })).toBe("`grep -F 'vpod.kb.io'` and vpod.kb.io");
  });

  it('quotes the issue #18 payload, and leaves prose alone', () => {
    const fix = 'Confirm the denial: `kubectl auth can-i {{verb}} {{groupResource}} -A --as={{subject}}` for {{subject}}';
    expect(renderTemplate(fix, { verb: 'list', groupResource: 'secrets', subject: 'x$(touch /tmp/pwned)' })).toBe(
      "Confirm the denial: `kubectl auth can-i list secrets -A --as='x$(touch /tmp/pwned)'` for x$(touch /tmp/pwned)",
    );
  });

  it('quotes for the context the placeholder stands in: bare, single or double quotes', () => {
    expect(renderCommand("grep -F '{{webhook}}'", { webhook: "a'b" })).toBe("grep -F 'a'\\''b'");
    expect(renderCommand('get --raw "/apis/{{group}}/x"', { group: 'a b$c' })).toBe(`get --raw "/apis/"'a b$c'"/x"`);
    expect(renderCommand('get {{kind}} {{name}}', { kind: 'Pod', name: 'Web_1' })).toBe("get Pod 'Web_1'");
  });

  it('never lets a value that fails its grammar start a word with "-" (it would be an option, e.g. --server)', () => {
    expect(renderCommand('kubectl get {{kind}} {{name}} -n {{namespace}}', { kind: 'Pod', name: '--server=https://evil', namespace: 'ns' })).toBe(
      'kubectl get Pod <name> -n ns',
    );
    expect(renderCommand("grep -F '{{webhook}}'", { webhook: '-f/etc/passwd' })).toBe("grep -F '<webhook>'");
    // Inside a word it is harmless.
    expect(renderCommand('kubectl auth can-i get pods --as={{subject}}', { subject: '-x' })).toBe("kubectl auth can-i get pods --as='-x'");
  });

  it('keeps an empty value as an empty word', () => {
    expect(renderCommand('grep -i {{kind}} x', { kind: '' })).toBe("grep -i '' x");
    expect(renderCommand('--api-group={{group}}', { group: '' })).toBe('--api-group=');
  });

  it('uses only variables that are captures or derived ones (so the property test above sees them all)', () => {
    for (const p of patterns) {
      for (const t of [p.spec.diagnosis, p.spec.impact ?? '', ...p.spec.fixes]) {
        for (const n of placeholders(t)) expect(p.captureNames.has(n) || (DERIVED_VARS as readonly string[]).includes(n), `${p.spec.id}: ${n}`).toBe(true);
      }
    }
  });
});

describe('near-miss commands keep every value one literal word', () => {
  const crd = (kind: string, group: string, plural = `${kind.toLowerCase()}s`) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${plural}.${group}}
spec:
  group: ${group}
  names: {kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}}
  scope: Namespaced
  versions: [{name: v1alpha1, served: true, storage: true}, {name: v1beta1, served: false, storage: false}]
status: {conditions: [{type: Established, status: "False"}]}
`;
  const registry = KindRegistry.withBuiltins();
  for (const k of crdsFromText(crd('PodAutoscaler', 'autoscaling.aibrix.ai') + '---\n' + crd('RayCluster', 'ray.io'), 'crds.yaml')) registry.add(k);
  const kinds = registry.all();

  /** A registered name with a few characters replaced or inserted from a hostile alphabet. */
  const mutated = (base: fc.Arbitrary<string>) =>
    fc
      .tuple(base, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...`$\`'"\\ ;|&()<>*?[]{}~!#\n\u001b\u009b\u202e-`)), { minLength: 1, maxLength: 2 }), fc.boolean())
      .map(([s, edits, insert]) => {
        let out = s;
        for (const [at, c] of edits) {
          const i = at % (out.length + 1);
          out = out.slice(0, i) + c + out.slice(insert ? i : i + 1);
        }
        return out;
      });
  /** Pipeline stages of a command the rules wrote: pipes outside their (plain, unescaped) quotes. */
  const stages = (cmd: string) => cmd.replace(/'[^']*'|"[^"]*"/g, '').split('|').length;
  const oneOf = <T,>(...xs: T[]) => fc.constantFrom(...xs);
  // A registered kind as the logs might name it: exactly, in other letter case, by its resource
  // name, in another or misspelt group or version, each maybe with hostile characters mixed in.
  const seenRefs: fc.Arbitrary<KindRef> = fc.constantFrom(...kinds).chain((k) =>
    fc.record({
      group: fc.oneof(oneOf(k.group, null, 'aibrix.io'), mutated(oneOf(k.group || 'apps'))),
      version: fc.oneof(oneOf(null, 'v1', 'v1alpha1', 'v1beta1', 'v2beta2', 'v1beta2'), mutated(oneOf('v1beta1'))),
      kind: fc.oneof(oneOf(k.kind, k.kind.toUpperCase(), k.plural, null), mutated(oneOf(k.kind))),
      resource: fc.oneof(oneOf(null, k.kind.toLowerCase(), k.plural), mutated(oneOf(k.plural))),
    }),
  );

  it('for seen kinds near every registered one, with hostile characters mixed in', () => {
    const cases: { cmd: string; text: string; seen: KindRef }[] = [];
    const fired = new Set<string>();
    for (const seen of fc.sample(seenRefs, { numRuns: 2000, seed: 18 })) {
      for (const rule of NEAR_MISS_RULES) {
        const verdict = rule(seen, registry);
        if (verdict) fired.add(verdict.rule);
        for (const fix of verdict?.fixes ?? []) {
          const { text, isCommand } = fixCommand(fix);
          if (isCommand && !cases.some((c) => c.text === text)) cases.push({ cmd: authorPlaceholders(text), text, seen });
        }
      }
    }
    expect(cases.length).toBeGreaterThan(50);
    expect([...fired].sort()).toEqual(
      ['crd-not-established', 'kind-case-mismatch', 'kind-in-other-group', 'kind-is-resource-name', 'kind-misspelt', 'kind-version-not-served', 'kind-version-removed', 'resource-is-kind-name'],
    );
    const hostileCases = cases.filter(({ seen }) => [seen.kind, seen.group, seen.version, seen.resource].some((v) => v && /[^A-Za-z0-9.-]/.test(v)));
    expect(hostileCases.length).toBeGreaterThan(10);
    if (!bashAccepts(cases.map((c) => `( kld_words ${c.cmd}\n)\n`).join(''))) {
      for (const { cmd } of cases) expect(bashAccepts(`kld_words ${cmd}\n`), `bash -n rejects: ${cmd}`).toBe(true);
    }
    const words = bashWordsMany(cases.map((c) => c.cmd));
    expect(words).toHaveLength(cases.length);
    cases.forEach(({ cmd, text, seen }, i) => {
      const commands = words[i]!;
      // Only the commands the rule writes run: nothing a value holds becomes a command.
      for (const w of commands) expect(['kubectl', 'grep', 'jq'], cmd).toContain(w[0] === 'kld_words' ? w[1] : w[0]);
      expect(commands.length, cmd).toBe(stages(text));
      for (const v of [seen.kind, seen.group, seen.version, seen.resource]) {
        if (v && /[^A-Za-z0-9.-]/.test(v) && text.includes(v.replace(/'/g, `'\\''`))) {
          expect(commands.flat().some((w) => w.includes(v)), `${cmd} keeps ${JSON.stringify(v)} literal`).toBe(true);
        }
      }
    });
  }, 120_000);

  it('seen kinds that fail their grammar never reach the kind check', () => {
    expect(wellFormedKind({ group: 'autoscaling.aibrix.ai', version: 'v1alpha1', kind: 'PodAutoScaler', resource: null })).toBe(true);
    expect(wellFormedKind({ group: null, version: null, kind: 'Pod$(touch x)', resource: null })).toBe(false);
    expect(wellFormedKind({ group: 'a b', version: null, kind: 'Pod', resource: null })).toBe(false);
    expect(wellFormedKind({ group: '', version: 'v1;', kind: 'Pod', resource: null })).toBe(false);
    expect(wellFormedKind({ group: '', version: null, kind: null, resource: 'pods`x`' })).toBe(false);
  });
});

describe('kinds and plurals read from CRDs and api-resources are validated', () => {
  const crdWith = (names: string) => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: podautoscalers.autoscaling.aibrix.ai}
spec:
  group: autoscaling.aibrix.ai
  names: ${names}
  scope: Namespaced
  versions: [{name: v1alpha1, served: true, storage: true}]
`;

  it('a CRD with an invalid plural or kind is an error naming the file and the field', () => {
    expect(() => crdsFromText(crdWith('{kind: PodAutoscaler, plural: "podautoscalers$(touch /tmp/pwned)"}'), 'crd.yaml')).toThrow(
      /^crd\.yaml: CustomResourceDefinition plural "podautoscalers\$\(touch \/tmp\/pwned\)" is not a valid resource name \(DNS-1123 label\)$/,
    );
    expect(() => crdsFromText(crdWith('{kind: "Pod\\u001b]0;x\\u0007", plural: podautoscalers}'), 'crd.yaml')).toThrow(
      /^crd\.yaml: CustomResourceDefinition kind "Pod\\u001b\]0;x\\u0007" is not a valid kind/,
    );
    expect(() => crdsFromText(crdWith('{kind: PodAutoscaler, plural: podautoscalers, shortNames: ["pa;x"]}'), 'crd.yaml')).toThrow(/short name "pa;x"/);
    expect(crdsFromText(crdWith('{kind: PodAutoscaler, plural: podautoscalers, shortNames: [pa]}'), 'crd.yaml')).toHaveLength(1);
  });

  it('an api-resources row with an invalid kind is an error', () => {
    const table = [
      'NAME             SHORTNAMES   APIVERSION                       NAMESPACED   KIND',
      'podautoscalers   pa           autoscaling.aibrix.ai/v1alpha1   true         Pod$(id)',
    ].join('\n');
    expect(() => kindsFromApiResources(table, 'api.txt')).toThrow(/^api\.txt: row .*kind "Pod\$\(id\)" is not a valid kind/);
  });

  it('the registry refuses, and records, kinds with invalid names from any source', () => {
    const r = KindRegistry.withBuiltins();
    expect(r.rejected).toEqual([]);
    const good = { group: 'x.io', kind: 'Thing', plural: 'things', singular: 'thing', shortNames: [], namespaced: true, versions: [], versionsComplete: true, established: null, source: 'disc.yaml' };
    r.add({ ...good, plural: 'things`id`' });
    expect(r.find('x.io', 'Thing')).toBeUndefined();
    expect(r.rejected).toEqual([{ source: 'disc.yaml', reason: 'plural "things`id`" is not a valid resource name (DNS-1123 label)' }]);
    r.add(good);
    expect(r.find('x.io', 'Thing')?.plural).toBe('things');
    expect(invalidNames(good)).toBeNull();
  });
});

describe('endsWord', () => {
  it('is /[\\s|&;()<>]/ on every UTF-16 code unit (renderCommand asks it for each character)', () => {
    const wordEnd = /[\s|&;()<>]/;
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (endsWord(c) !== wordEnd.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });
});
