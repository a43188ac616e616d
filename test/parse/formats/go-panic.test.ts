/** Go crash blocks (formats.md §4.1): one entry per panic, the goroutine stack as its continuation. */

import { describe, expect, it } from 'vitest';
import { assemble, balanced } from '../assemble.js';

const PANIC = [
  'panic: runtime error: invalid memory address or nil pointer dereference [recovered]',
  '\tpanic: runtime error: invalid memory address or nil pointer dereference',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x15b8c3a]',
  '',
  'goroutine 187 [running]:',
  'sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).Reconcile.func1()',
  '\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.16.3/pkg/internal/controller/controller.go:116 +0x1e5',
  'panic({0x1766b40?, 0x2a4e5b0?})',
  '\t/usr/local/go/src/runtime/panic.go:914 +0x21f',
  'example.com/memcached-operator/internal/controller.(*MemcachedReconciler).Reconcile(0xc0003a8f00, {0x1c0e7a8, 0xc000b2e4b0}, {{{0xc000a1c6f0, 0x7}, {0xc000a1c6e0, 0x10}}})',
  '\t/workspace/internal/controller/memcached_controller.go:87 +0x7a',
  '...additional frames elided...',
  'created by sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).Start.func2 in goroutine 98',
  '\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.16.3/pkg/internal/controller/controller.go:223 +0x565',
];

describe('Go panics', () => {
  it('groups a panic and its goroutine stack into one entry whose message is the panic line', () => {
    const { entries, counters } = assemble(['{"level":"info","ts":"2024-05-01T10:00:05Z","msg":"Observed a panic in reconciler: boom"}', ...PANIC]);
    expect(entries).toHaveLength(2);
    const p = entries[1]!;
    expect(p).toMatchObject({ format: 'go-panic', level: 'fatal', line: 2, message: PANIC[0] });
    expect(p.fields).toEqual({ panic: 'runtime error: invalid memory address or nil pointer dereference', recovered: true });
    expect(p.continuation).toEqual(PANIC.slice(1));
    expect(counters).toMatchObject({ lines: 15, entries: 2, continuation: 13, unparsed: 0 });
  });

  it('ends the crash block at the next line in a known format', () => {
    const { entries } = assemble([...PANIC.slice(0, 7), 'I0501 10:00:06.000000       1 main.go:1] restarted']);
    expect(entries.map((e) => e.format)).toEqual(['go-panic', 'klog']);
  });

  it('reads fatal error with runtime stack and Go 1.25 repanicked', () => {
    const { entries, counters } = assemble([
      'fatal error: concurrent map writes',
      '',
      'goroutine 42 gp=0xc000002380 m=0 mp=0x1f4a2e0 [running]:',
      'runtime.fatal({0x1a2b3c4?, 0x0?})',
      '\t/usr/local/go/src/runtime/panic.go:1091 +0x48',
      'runtime stack:',
      'panic: boom [recovered, repanicked]',
    ]);
    expect(entries.map((e) => e.message)).toEqual(['fatal error: concurrent map writes', 'panic: boom [recovered, repanicked]']);
    expect(entries[0]!.fields).toEqual({ fatal: 'concurrent map writes' });
    expect(entries[1]!.fields).toEqual({ panic: 'boom', recovered: true });
    expect(balanced(counters)).toBe(true);
  });

  it('does not take prose that mentions a panic for a crash block', () => {
    const { entries } = assemble(['the panic: handler ran', 'Panic: nope']);
    expect(entries.every((e) => e.format === 'unknown')).toBe(true);
  });
});
