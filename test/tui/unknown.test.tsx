/** The TUI's unrecognised-errors view (U) and its signature skeleton key (n). */

import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/tui/app.js';
import { writeSkeletonFile } from '../../src/tui/skeleton-file.js';
import { analyzedStore, KEYS, press, settle } from './helpers.js';
import type { Report } from '../../src/model/finding.js';
import { tempDir } from '../tmp.js';

afterEach(cleanup);

const SIZE = { columns: 110, rows: 40 };

describe('TUI: unrecognised errors', () => {
  it('says so on an empty findings list, lists the groups with U, shows the examples and writes a skeleton with n', async () => {
    const store = await analyzedStore(['samples/unknown/no-signature.log']);
    const dir = tempDir('kld-tui-unknown-');
    const written: string[] = [];
    const writeSkeleton = (report: Report, id: string) => {
      written.push(id);
      return writeSkeletonFile(report, id, dir);
    };
    const app = render(<App store={store} onQuit={vi.fn()} size={SIZE} writeSkeleton={writeSkeleton} />);
    await settle();
    const screen = () => app.lastFrame() ?? '';
    expect(screen()).toContain('No known error signature found, but 4 error lines no signature knows (2 groups): press U to see them.');
    await press(app.stdin, 'U');
    expect(screen()).toContain('Unrecognised errors  4 lines in 2 groups');
    const cursor = () => screen().split('\n').find((l) => l.startsWith('›')) ?? '';
    expect(cursor()).toMatch(/^› 3 {2}u-[0-9a-f]{12} {2}license server <\*> unreachable after <\*> retries/);
    expect(screen()).toContain('samples/unknown/no-signature.log:2  E1103 09:20:01.200311');
    await press(app.stdin, 'j');
    expect(cursor()).toContain('seat cache for <*> stale, refresh failed');
    expect(screen()).toContain('samples/unknown/no-signature.log:5  W1103');
    await press(app.stdin, 'n');
    await settle();
    expect(written).toHaveLength(1);
    const file = join(dir, `unknown-${written[0]!.slice(2)}.yaml`);
    expect(screen()).toContain(`wrote ${file}`);
    const yaml = readFileSync(file, 'utf8');
    expect(yaml).toContain('keywords:\n    - stale, refresh failed\n');
    expect(yaml).toContain('W1103 09:20:32.000000');
    await press(app.stdin, KEYS.escape);
    expect(screen()).toContain('press U to see them');
  });
});
