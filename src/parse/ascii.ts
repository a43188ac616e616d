/** Character tests the readers share, on UTF-16 code units or bytes alike. */

/** Whether `c` is an ASCII digit. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
