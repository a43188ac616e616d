/**
 * `kubectl logs --prefix` (formats.md §2.3): `[pod/NAME/CONTAINER] ` before every line, always
 * the literal `pod/`, container possibly empty, outside any `--timestamps` timestamp.
 */

export interface KubectlPrefix {
  pod: string;
  container: string | null;
  rest: string;
}

export function peelKubectlPrefix(text: string): KubectlPrefix | null {
  if (!text.startsWith('[pod/')) return null;
  const slash = text.indexOf('/', 5);
  if (slash <= 5) return null;
  // Neither the pod nor the container name can hold `]`, so the first one closes the prefix.
  const close = text.indexOf(']', 5);
  if (close < slash || text.charCodeAt(close + 1) !== 32 /* space */) return null;
  const container = text.slice(slash + 1, close);
  if (container.includes('/')) return null;
  return { pod: text.slice(5, slash), container: container.length > 0 ? container : null, rest: text.slice(close + 2) };
}
