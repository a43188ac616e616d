/** Option values of a subcommand, when the root command has options of the same names. */

import type { Command } from 'commander';

/**
 * The subcommand's own option values (`patterns list -o json`, `tui --crds DIR`), completed with
 * those given to the commands above it (`kube-log-doctor --crds DIR tui`): an option set on the
 * command line wins over a default wherever it stands, and a repeatable option given on both
 * sides keeps every value, the earlier ones first.
 */
export function subcommandOptions<T>(cmd: Command): T {
  const out: Record<string, unknown> = { ...cmd.opts() };
  const given = (c: Command, key: string): boolean => {
    const source = c.getOptionValueSource(key);
    return source !== undefined && source !== 'default' && source !== 'implied';
  };
  for (let parent = cmd.parent; parent; parent = parent.parent) {
    for (const [key, value] of Object.entries(parent.opts())) {
      if (!given(parent, key)) {
        if (!(key in out)) out[key] = value;
      } else if (!given(cmd, key)) {
        out[key] = value;
      } else if (Array.isArray(value) && Array.isArray(out[key])) {
        out[key] = [...value, ...(out[key] as unknown[])];
      }
    }
  }
  return out as T;
}
