/**
 * The kubelet's and the scheduler's structured lines name their pod only in klog's `pod="ns/name"`:
 * a finding about a Pod takes its object from it; a finding about another kind does not.
 */
import { describe, expect, it } from 'vitest';
import { objectFrom } from '../../src/correlate/gvk.js';

describe('objectFrom and klog pod="ns/name"', () => {
  it('names the pod of a Pod finding', () => {
    expect(objectFrom({ ref: 'pod' }, { pod: 'default/web-0' }, 'Pod')).toEqual({ kind: 'Pod', namespace: 'default', name: 'web-0' });
  });
  it('leaves it out for another kind, or when captures name the object', () => {
    expect(objectFrom({}, { pod: 'default/web-0' }, 'Secret')).toBeNull();
    expect(objectFrom({ name: 'nmap' }, { pod: 'default/web-0' }, 'Pod')).toEqual({ kind: 'Pod', namespace: null, name: 'nmap' });
  });
  it('ignores a value that is no namespace/name key', () => {
    expect(objectFrom({}, { pod: 'web-0_default(6f1c2b3a)' }, 'Pod')).toBeNull();
    expect(objectFrom({}, { pod: 'a/b/c' }, 'Pod')).toBeNull();
  });
});
