/** The object a match concerns, when controller-runtime puts it under a field named after its kind. */

import { describe, expect, it } from 'vitest';
import { objectFrom } from '../../src/correlate/gvk.js';

describe('objectFrom', () => {
  it('reads {"name","namespace"} under a field named after the kind', () => {
    const fields = { controller: 'widget', Widget: { name: 'w-1', namespace: 'shop' }, reconcileID: 'abc' };
    expect(objectFrom({}, fields, 'Widget')).toEqual({ kind: 'Widget', namespace: 'shop', name: 'w-1' });
  });

  it('reads no such field when the entry has none of its own', () => {
    expect(objectFrom({}, { Gadget: { name: 'g' } }, 'Widget')).toBeNull();
    expect(objectFrom({}, Object.create({ Widget: { name: 'inherited' } }) as Record<string, unknown>, 'Widget')).toBeNull();
  });
});
