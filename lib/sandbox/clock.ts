import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { sandboxSettings } from "@/db/schema";

/**
 * The sandbox's notion of now: real time plus an offset moved by POST /sandbox/api/clock. Every
 * rule the sandbox enforces (30-second codes, the 24-hour sync limit, the service window) and
 * every timestamp it writes into a webhook reads this clock. Kept in the database so every
 * instance agrees.
 */
const CLOCK_KEY = "clock_offset_ms";

export async function getClockOffsetMs(): Promise<number> {
  const [row] = await getDb()
    .select({ value: sandboxSettings.value })
    .from(sandboxSettings)
    .where(eq(sandboxSettings.key, CLOCK_KEY));
  return typeof row?.value === "number" ? row.value : 0;
}

export async function sandboxNow(): Promise<Date> {
  return new Date(Date.now() + (await getClockOffsetMs()));
}

export async function setClockOffsetMs(offsetMs: number): Promise<void> {
  await getDb()
    .insert(sandboxSettings)
    .values({ key: CLOCK_KEY, value: offsetMs })
    .onConflictDoUpdate({ target: sandboxSettings.key, set: { value: offsetMs } });
}

/** Moves the clock: by `advanceSeconds`, or to an absolute `offsetSeconds`; `reset` puts it back. */
export async function moveClock(input: {
  advanceSeconds?: number;
  offsetSeconds?: number;
  reset?: boolean;
}): Promise<{ now: Date; offsetSeconds: number }> {
  let offset = await getClockOffsetMs();
  if (input.reset) offset = 0;
  if (input.offsetSeconds !== undefined) offset = input.offsetSeconds * 1000;
  if (input.advanceSeconds !== undefined) offset += input.advanceSeconds * 1000;
  await setClockOffsetMs(offset);
  return { now: new Date(Date.now() + offset), offsetSeconds: offset / 1000 };
}
