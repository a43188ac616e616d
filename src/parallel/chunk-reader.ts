/**
 * The worker's end of a member stream: chunks posted by the main thread become a Readable.
 * Each chunk is acknowledged when the reader takes it, which is what bounds the bytes in flight.
 */

import { Readable } from 'node:stream';

export class ChunkReader extends Readable {
  private readonly queue: Buffer[] = [];
  private ended = false;
  private wanted = false;

  constructor(private readonly onTaken: (bytes: number) => void) {
    super();
  }

  add(chunk: Buffer): void {
    this.queue.push(chunk);
    this.pump();
  }

  finish(): void {
    this.ended = true;
    this.pump();
  }

  override _read(): void {
    this.wanted = true;
    this.pump();
  }

  private pump(): void {
    while (this.wanted) {
      const chunk = this.queue.shift();
      if (chunk === undefined) {
        if (this.ended) {
          this.wanted = false;
          this.push(null);
        }
        return;
      }
      this.onTaken(chunk.length);
      this.wanted = this.push(chunk);
    }
  }
}
