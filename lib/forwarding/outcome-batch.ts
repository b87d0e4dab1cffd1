import "server-only";
import { type RecordOutcome, type SettledRow, settledRow, writeOutcomes } from "./deliver";

/**
 * The worker's attempt outcomes, written together: every outcome that arrives while a write is
 * under way joins the next one, so at hundreds of deliveries a second the database sees one
 * UPDATE per batch instead of one per delivery. Each attempt still waits for its own row to be
 * written (its conversation's next delivery is claimable only then). A failed write fails its
 * attempts: their claims expire and they are sent again, as after any crash (at least once).
 */
export class OutcomeBatch {
  private rows: SettledRow[] = [];
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;
  private scheduled = false;

  record: RecordOutcome = (delivery, outcome, now) =>
    new Promise<void>((resolve, reject) => {
      this.rows.push(settledRow(delivery, outcome, now));
      this.waiters.push({ resolve, reject });
      this.schedule();
    });

  private schedule() {
    if (this.scheduled || this.writing || this.rows.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.write();
    });
  }

  private async write() {
    this.writing = true;
    const rows = this.rows.splice(0);
    const waiters = this.waiters.splice(0);
    try {
      await writeOutcomes(rows);
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    } finally {
      this.writing = false;
      this.schedule();
    }
  }
}
