/**
 * unlinkMarkdown (src/parse/salvage.ts) reads `[text](https://…)` as its text with a linear scan;
 * it must do exactly what the regex it replaces did, on any text.
 */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unlinkMarkdown } from '../../src/parse/salvage.js';

const REFERENCE = /\[([^[\]\s"]{1,2048})\]\(https?:\/\/[^()\s"]{1,2048}\)/g;
const reference = (t: string): string => (t.indexOf('](') === -1 ? t : t.replace(REFERENCE, '$1'));

const pieces = ['[', ']', '(', ')', 'h', 's', ':', '/', 'x', ' ', '"', '\u00a0', 'http://', 'https://', '](http://', '](https://', '[a', 'url.io'];

describe('unlinkMarkdown', () => {
  it('reads a pasted link as its text, and leaves everything else', () => {
    expect(unlinkMarkdown('failed calling webhook "[webhook.example.io](http://webhook.example.io)": Post "[https://svc:443/x](https://svc:443/x)"')).toBe(
      'failed calling webhook "webhook.example.io": Post "https://svc:443/x"',
    );
    expect(unlinkMarkdown('see [the docs](ftp://x) and [a b](https://x)')).toBe('see [the docs](ftp://x) and [a b](https://x)');
  });

  it('does what the regex did, on any text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), (parts) => {
        const text = parts.join('');
        expect(unlinkMarkdown(text)).toBe(reference(text));
      }),
      { numRuns: 20_000 },
    );
    for (const n of [2047, 2048, 2049]) {
      const text = `x [${'a'.repeat(n)}](https://${'b'.repeat(n)}) y`;
      expect(unlinkMarkdown(text)).toBe(reference(text));
    }
  });

  it('takes linear time where the regex restarted at every bracket', () => {
    // recheck's attack string for the regex, longer: a quadratic scan would take minutes.
    const attack = '[s](h' + '](http'.repeat(200_000) + 'ttp://' + '['.repeat(200_000);
    expect(unlinkMarkdown(attack)).toBe(attack);
  });
});
