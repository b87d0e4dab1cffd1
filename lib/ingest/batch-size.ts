/** Events one processing batch claims at most. */
export const BATCH_SIZE = 100;

/**
 * Raw body one batch aims at: BATCH_SIZE live events, or a few of a history import's big chunks.
 * It bounds a batch's memory, and lets the workers share a history instead of one of them
 * claiming it whole while the others wait.
 */
export const BATCH_CHARS = 2_000_000;

/** Events for the next batch, from the size of the last batch's events. */
export function batchLimit(charsPerEvent: number): number {
  if (!(charsPerEvent > 0)) return BATCH_SIZE;
  return Math.max(1, Math.min(BATCH_SIZE, Math.floor(BATCH_CHARS / charsPerEvent)));
}
