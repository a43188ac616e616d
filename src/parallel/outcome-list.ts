/** Outcomes in input order, some of them still being computed (in this thread or a worker). */

import type { Outcome } from './outcome.js';

export class OutcomeList {
  private readonly slots: (Outcome | Promise<Outcome[]>)[] = [];

  push(o: Outcome): void {
    this.slots.push(o);
  }

  /** Reserves the place of outcomes that are not known yet. */
  pushLater(p: Promise<Outcome[]>): void {
    // Awaited in settle(); a rejection before then must not count as unhandled.
    p.catch(() => undefined);
    this.slots.push(p);
  }

  /** All outcomes, in the order their places were taken. */
  async settle(): Promise<Outcome[]> {
    const out: Outcome[] = [];
    for (const s of this.slots) {
      if (s instanceof Promise) out.push(...(await s));
      else out.push(s);
    }
    return out;
  }
}
