/**
 * List items out of YAML of any size, one at a time: lines are read as they come, the block
 * sequence under a top-level `items:` key is cut at each item's `- ` indicator, and each item alone
 * is parsed with the yaml package. This fits the YAML that kubectl and must-gather write (a List
 * object, possibly several documents separated by `---`); anything else is parsed whole per document.
 */

import type * as Yaml from 'yaml';
import { lazy } from '../../lazy.js';

const yaml = lazy<typeof Yaml>('yaml');

/** Largest single item (or non-list document) held in memory. */
export const MAX_ITEM_BYTES = 16 * 1024 * 1024;

const TOP_KEY = /^([A-Za-z_$][\w$.-]*):(?:\s+(.*))?$/;

export class YamlItemSplitter {
  private state: 'top' | 'items' = 'top';
  private seqIndent = -1;
  private item: string[] = [];
  private itemBytes = 0;
  private itemLine = 0;
  private lineNo = 0;

  constructor(
    /** Called with each parsed item and the 1-based line where it starts. */
    private readonly onItem: (item: unknown, line: number) => void,
    /** Called for an item that is not valid YAML or is too large (the rest goes on). */
    private readonly onBadItem: (line: number, reason: string) => void,
  ) {}

  push(line: string): void {
    this.lineNo++;
    if (this.state === 'items') {
      if (this.seqIndent < 0) {
        const m = /^( *)-(?: |$)/.exec(line);
        if (m) this.seqIndent = m[1]!.length;
        else if (line.trim() === '' || line.trimStart().startsWith('#')) return;
        else {
          this.state = 'top';
          return this.top(line);
        }
      }
      const indent = line.length - line.trimStart().length;
      const startsItem = indent === this.seqIndent && /^-(?: |$)/.test(line.slice(indent));
      if (startsItem) {
        this.endItem();
        this.itemLine = this.lineNo;
        this.add(' '.repeat(indent) + ' ' + line.slice(indent + 1));
        return;
      }
      if (line.trim() === '' || indent > this.seqIndent) {
        if (this.item.length > 0) this.add(line);
        return;
      }
      this.endItem();
      this.state = 'top';
    }
    this.top(line);
  }

  end(): void {
    this.endItem();
  }

  private top(line: string): void {
    const m = TOP_KEY.exec(line);
    if (m && m[1] === 'items' && (m[2] === undefined || m[2] === '')) {
      this.state = 'items';
      this.seqIndent = -1;
    }
  }

  private add(line: string): void {
    this.itemBytes += line.length + 1;
    if (this.itemBytes <= MAX_ITEM_BYTES) this.item.push(line);
  }

  private endItem(): void {
    if (this.item.length === 0) return;
    const text = this.item.join('\n');
    const tooBig = this.itemBytes > MAX_ITEM_BYTES;
    this.item = [];
    this.itemBytes = 0;
    if (tooBig) {
      this.onBadItem(this.itemLine, `list item larger than ${MAX_ITEM_BYTES} bytes`);
      return;
    }
    let value: unknown;
    try {
      // No duplicate-key check: the yaml library's is quadratic in a mapping's size.
      value = yaml().parse(text, { uniqueKeys: false });
    } catch (err) {
      this.onBadItem(this.itemLine, `invalid YAML (${(err as Error).message.split('\n')[0]})`);
      return;
    }
    this.onItem(value, this.itemLine);
  }
}
