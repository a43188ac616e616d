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
    expect(fixCommand('Repair them; then confirm they are gone, e.g. kubectl get hpa -A.').text).toBe('kubectl get hpa -A');
  });

  it('turns a fix without a command into a shell comment, so pasting it runs nothing', () => {
    expect(fixCommand('Use exactly PodAutoscaler\n  everywhere.')).toEqual({ text: '# Use exactly PodAutoscaler everywhere.', isCommand: false });
  });

  it('by default picks the first fix that has a command', () => {
    expect(defaultFixIndex(['Use the right kind.', 'Check: `kubectl get crd`'])).toBe(1);
    expect(defaultFixIndex(['Use the right kind.'])).toBe(0);
  });
});
