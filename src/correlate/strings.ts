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

/** Longest string an Interner keeps. */
const MAX_INTERNED_LENGTH = 64;

/**
 * One copy of each short value that recurs across findings: a group (`example.com`), a version,
 * a verb, a namespace. Each new finding's captures and kind refs are fresh strings cut from its
 * line; two hundred thousand findings of one group would keep two hundred thousand copies of it.
 * Bounded: past `max` distinct values, values not seen yet are left as they are.
 */
export class Interner {
  private readonly byValue = new Map<string, string>();

  constructor(private readonly max = 8192) {}

  get(s: string): string {
    if (s.length > MAX_INTERNED_LENGTH || s.length === 0) return s;
    const known = this.byValue.get(s);
    if (known !== undefined) return known;
    if (this.byValue.size >= this.max) return s;
    // A copy of its own: a value cut from a line may be a slice that keeps the whole line (or the
    // chunk the line was read from) alive. UTF-16 both ways, so any string comes back the same.
    const own = Buffer.from(s, 'utf16le').toString('utf16le');
    this.byValue.set(own, own);
    return own;
  }
}
