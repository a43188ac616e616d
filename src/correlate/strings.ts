/** Strings kept per finding or per kind, in their smallest form. */

/**
 * The same string, flat: V8 keeps a string made by concatenation as a tree of its parts (a node
 * of 32 bytes per `+`) until it is read by index, and a key kept per finding or per kind should
 * not hold a tree (after this, the collector drops the tree and keeps the flat copy).
 */
export function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

/** Shortest string V8 may keep as a slice of a longer one (SlicedString::kMinLength). */
const MIN_SLICE = 13;

/**
 * The same string, in memory of its own: a value cut from a line (a regex capture) of 13 or more
 * characters may be a slice that keeps the whole line alive, hundreds of bytes for a value of 30.
 * Copied through a concatenation made flat (see flat()); shorter strings are always copies.
 */
export function own(s: string): string {
  return s.length < MIN_SLICE ? s : flat(s.charAt(0) + s.slice(1));
}

/** Longest string an Interner keeps. */
const MAX_INTERNED_LENGTH = 64;

/**
 * One copy of each short value that recurs across findings: a group (`example.com`), a version,
 * a verb, a namespace. Each new finding's captures and kind refs are fresh strings cut from its
 * line; two hundred thousand findings of one group would keep two hundred thousand copies of it.
 * Bounded: past `max` distinct values, values not seen yet are given back as copies of their own
 * (own()), as are values too long to intern.
 */
export class Interner {
  private readonly byValue = new Map<string, string>();

  constructor(private readonly max = 8192) {}

  get(s: string): string {
    if (s.length > MAX_INTERNED_LENGTH || s.length === 0) return own(s);
    const known = this.byValue.get(s);
    if (known !== undefined) return known;
    if (this.byValue.size >= this.max) return own(s);
    // A copy of its own: a value cut from a line may be a slice that keeps the whole line (or the
    // chunk the line was read from) alive.
    const copy = own(s);
    this.byValue.set(copy, copy);
    return copy;
  }
}
