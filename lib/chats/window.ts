/**
 * The API customer service window, as Meta applies it to a coexistence number (pure, no I/O).
 * Only a customer's own message received live after the channel's onboarding opens or resets it
 * (24 hours from that message); imported history and the app's echoes never do, and replies from
 * the app neither need nor extend it. Same rule as lib/costs (typesThatOpenNoWindow).
 */
import { typesThatOpenNoWindow } from "@/lib/costs/engine";

export const SERVICE_WINDOW_HOURS = 24;
const WINDOW_MS = SERVICE_WINDOW_HOURS * 3600_000;

/** Row types that are not messages of their own: applied to another row, or not yet known. */
export const NON_OPENING_TYPES: readonly string[] = [
  ...typesThatOpenNoWindow,
  "edit",
  "revoke",
  "unknown",
];

export type WindowCandidate = { id: string; origin: string; type: string; sentAt: Date };

export function opensServiceWindow(m: WindowCandidate, onboardedAt: Date | null): boolean {
  if (m.origin !== "customer") return false;
  if (NON_OPENING_TYPES.includes(m.type)) return false;
  return onboardedAt === null || m.sentAt.getTime() >= onboardedAt.getTime();
}

export type WindowBand = {
  /** The customer message that opened the window (none reset it during the previous 24 h). */
  openedById: string;
  openedAt: Date;
  /** The last customer message that reset it. */
  lastResetById: string;
  closesAt: Date;
};

/** Windows in time order; each customer message resets the current window or opens a new one. */
export function serviceWindowBands(
  messages: readonly WindowCandidate[],
  onboardedAt: Date | null,
): WindowBand[] {
  const openers = messages
    .filter((m) => opensServiceWindow(m, onboardedAt))
    .sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());
  const bands: WindowBand[] = [];
  for (const m of openers) {
    const current = bands.at(-1);
    const end = new Date(m.sentAt.getTime() + WINDOW_MS);
    if (current && m.sentAt.getTime() < current.closesAt.getTime()) {
      current.lastResetById = m.id;
      current.closesAt = end;
    } else {
      bands.push({ openedById: m.id, openedAt: m.sentAt, lastResetById: m.id, closesAt: end });
    }
  }
  return bands;
}

export type WindowState =
  | { open: true; closesAt: Date; msLeft: number }
  | { open: false; closedAt: Date | null };

/** The window now, from the time of the last customer message that could open it. */
export function windowStateAt(lastOpenerAt: Date | null, now: Date): WindowState {
  if (!lastOpenerAt) return { open: false, closedAt: null };
  const closesAt = new Date(lastOpenerAt.getTime() + WINDOW_MS);
  const msLeft = closesAt.getTime() - now.getTime();
  return msLeft > 0 ? { open: true, closesAt, msLeft } : { open: false, closedAt: closesAt };
}

/** "5 h 12 min left" style, for the inbox and the timeline. */
export function formatTimeLeft(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min left` : `${m} min left`;
}
