import { describe, expect, it } from 'vitest';
import { defaultFixIndex, fixCommand } from '../../src/tui/fix-command.js';

describe('fixCommand', () => {
  it('takes the code span of a fix', () => {
    expect(fixCommand('List what the group really serves: `kubectl api-resources --api-group=x -o wide`')).toEqual({
      text: 'kubectl api-resources --api-group=x -o wide',
      isCommand: true,
    });
  });

  it('takes the text from the command word to the end when there is no code span', () => {
    expect(fixCommand("Confirm the registered spelling: kubectl get crd p.a.ai -o jsonpath='{.spec.names.kind}'").text).toBe(
      "kubectl get crd p.a.ai -o jsonpath='{.spec.names.kind}'",
    );
    expect(fixCommand('Repair them; then confirm they are gone, e.g. kubectl get hpa -A').text).toBe('kubectl get hpa -A');
  });

  it('finds the command as the reports do (report/rich-text.ts): only a code span that runs a program, the first such', () => {
    // Code spans that are not commands (a field, a log phrase) are never printed as one.
    expect(fixCommand('Install the CRD (or re-enable `served: true` for the version).')).toEqual({
      text: '# Install the CRD (or re-enable `served: true` for the version).',
      isCommand: false,
    });
    expect(fixCommand("Read the `error` field; group them: `kubectl -n op logs deploy/op --since=1h | grep 'Reconciler error' | head`").text).toBe(
      "kubectl -n op logs deploy/op --since=1h | grep 'Reconciler error' | head",
    );
    expect(fixCommand('Swap: `swapoff -a` and remove swap from /etc/fstab.').text).toBe('swapoff -a');
    // Prose that ends like a sentence is prose, even after a program name.
    expect(fixCommand('Look with kubectl describe, which lists the events.').isCommand).toBe(false);
  });

  it("keeps a log value's backtick from ending the command's code span", () => {
    const value = 'a`b';
    expect(fixCommand(`Check: \`kubectl get pods -l app='${value}'\``, [value]).text).toBe(`kubectl get pods -l app='${value}'`);
  });

  it('turns a fix without a command into a shell comment, so pasting it runs nothing', () => {
    expect(fixCommand('Use exactly PodAutoscaler\n  everywhere.')).toEqual({ text: '# Use exactly PodAutoscaler everywhere.', isCommand: false });
  });

  it('by default picks the first fix that has a command', () => {
    expect(defaultFixIndex(['Use the right kind.', 'Check: `kubectl get crd`'])).toBe(1);
    expect(defaultFixIndex(['Use the right kind.'])).toBe(0);
  });
});
