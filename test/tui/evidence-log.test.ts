import { describe, expect, it } from 'vitest';
import { EvidenceLog, EVIDENCE_TEXT_MAX } from '../../src/tui/evidence-log.js';

const ev = (line: number, text = `line ${line}`) => ({ source: 'a.log', line, text });

describe('EvidenceLog', () => {
  it('keeps every line while under its caps', () => {
    const log = new EvidenceLog(3, 3);
    for (let i = 1; i <= 5; i++) log.add('k', ev(i));
    const kept = log.lines(['k']);
    expect(kept.total).toBe(5);
    expect(kept.omitted).toBe(0);
    expect(kept.items.map((i) => ('line' in i ? i.line.line : -1))).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the first and the latest lines and marks how many in between were not kept', () => {
    const log = new EvidenceLog(2, 2);
    for (let i = 1; i <= 10; i++) log.add('k', ev(i));
    const kept = log.lines(['k']);
    expect(kept.items).toEqual([{ line: ev(1) }, { line: ev(2) }, { omitted: 6 }, { line: ev(9) }, { line: ev(10) }]);
    expect(kept).toMatchObject({ total: 10, omitted: 6 });
  });

  it('joins several findings (a root cause shows the lines of what it explains) and cuts very long lines', () => {
    const log = new EvidenceLog();
    log.add('a', ev(1));
    log.add('b', ev(2, 'x'.repeat(EVIDENCE_TEXT_MAX + 10)));
    const kept = log.lines(['a', 'b', 'missing']);
    expect(kept.total).toBe(2);
    const second = kept.items[1]!;
    expect('line' in second && second.line.text.length).toBe(EVIDENCE_TEXT_MAX);
  });
});
