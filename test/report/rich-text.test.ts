/** Splitting a finding's prose into text and code: the author's spans, never a capture's backticks. */

import { describe, expect, it } from 'vitest';
import { fixParts, richParts, trailingCommand } from '../../src/report/rich-text.js';

describe('richParts', () => {
  it("reads the author's code spans and marks commands", () => {
    expect(richParts('Run `kubectl get crd` and set `served: true`.')).toEqual([
      { kind: 'text', text: 'Run ' },
      { kind: 'code', text: 'kubectl get crd', command: true },
      { kind: 'text', text: ' and set ' },
      { kind: 'code', text: 'served: true', command: false },
      { kind: 'text', text: '.' },
    ]);
    expect(richParts('`ETCDCTL_API=3 etcdctl endpoint health`')).toEqual([{ kind: 'code', text: 'ETCDCTL_API=3 etcdctl endpoint health', command: true }]);
  });

  it('leaves an unclosed backtick as text, as CommonMark does', () => {
    expect(richParts('a ` b')).toEqual([{ kind: 'text', text: 'a ` b' }]);
    expect(richParts('``a`b`` c')).toEqual([
      { kind: 'code', text: 'a`b', command: false },
      { kind: 'text', text: ' c' },
    ]);
  });

  it("does not let a capture's backticks open or close a span", () => {
    for (const v of ['a`b', '```', '`x', 'x`', '``']) {
      const s = `Check: \`kubectl get widget ${v}\` and \`kubectl get crd\`, then ${v} again.`;
      expect(richParts(s, [v]).filter((p) => p.kind === 'code'), v).toEqual([
        { kind: 'code', text: `kubectl get widget ${v}`, command: true },
        { kind: 'code', text: 'kubectl get crd', command: true },
      ]);
    }
    // Right after the opening backtick, too.
    expect(richParts('Find `````x` and `a`', ['````x'])).toEqual([
      { kind: 'text', text: 'Find ' },
      { kind: 'code', text: '````x', command: false },
      { kind: 'text', text: ' and ' },
      { kind: 'code', text: 'a', command: false },
    ]);
  });
});

describe('fixParts', () => {
  it('takes a command written without backticks after a label, or after e.g.', () => {
    expect(fixParts("Confirm: kubectl get crd x -o jsonpath='{.spec}'")).toEqual([
      { kind: 'text', text: 'Confirm: ' },
      { kind: 'code', text: "kubectl get crd x -o jsonpath='{.spec}'", command: true },
    ]);
    expect(trailingCommand(fixParts('Repair them. Confirm they are gone, e.g. kubectl get hpa -A'))?.command).toBe('kubectl get hpa -A');
  });

  it('leaves a sentence that only mentions a command as text', () => {
    expect(fixParts('Find manifests that still use it: grep -rn "x" . (or kubectl convert / pluto to scan releases).')).toEqual([
      { kind: 'text', text: 'Find manifests that still use it: grep -rn "x" . (or kubectl convert / pluto to scan releases).' },
    ]);
    expect(fixParts('Use apiVersion: autoscaling/v2 for HPA.')).toHaveLength(1);
  });

  it('finds the command a fix ends with, before a full stop', () => {
    expect(trailingCommand(richParts('Check: `kubectl get apiservice`.'))).toEqual({
      lead: [{ kind: 'text', text: 'Check: ' }],
      command: 'kubectl get apiservice',
    });
    expect(trailingCommand(richParts('Check `kubectl get x` (AVAILABLE column).'))).toBeNull();
    expect(trailingCommand(richParts('Set `served: true`'))).toBeNull();
  });
});
