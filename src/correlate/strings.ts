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
