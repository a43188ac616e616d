import { describe, expect, it } from 'vitest';
import { cutWrap, safeText, textRows, wordWrap } from '../../src/tui/rows.js';

const text = (rows: ReturnType<typeof textRows>) => rows.map((r) => r.map((s) => s.text).join(''));

describe('rows', () => {
  it('cuts log text at the width and keeps every character', () => {
    const line = 'E0612 10:00:20.717515       1 gc.go:360] "error"';
    const pieces = cutWrap(line, 10, 20);
    expect(pieces[0]).toHaveLength(10);
    expect(pieces.slice(1, -1).every((p) => p.length === 20)).toBe(true);
    expect(pieces.join('')).toBe(line);
  });

  it('word-wraps prose and cuts words longer than a line', () => {
    expect(wordWrap('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']);
    expect(wordWrap('a abcdefghijkl b', 5)).toEqual(['a', 'abcde', 'fghij', 'kl b']);
    expect(wordWrap('', 5)).toEqual(['']);
  });

  it('escapes control characters before measuring, so rows never exceed the width', () => {
    const rows = textRows('evil\u001b[2Jtext\u0007', 12, { indent: '  ', mode: 'exact' });
    expect(rows.map((r) => r[1]!.text).join('')).toBe('evil\\x1b[2Jtext\\x07');
    expect(text(rows).every((r) => r.length <= 12)).toBe(true);
    expect(text(rows).join('')).not.toContain('\u001b');
  });

  it('gives the first row its own prefix and the rest the indent', () => {
    expect(text(textRows('one two three four', 12, { first: '1. ', indent: '   ' }))).toEqual(['1. one two', '   three', '   four']);
  });

  it('shows tabs as spaces and C1 controls escaped', () => {
    expect(safeText('a\tb\u009bc')).toBe('a  b\\x9bc');
  });
});
