import { z } from "zod";
import { defaultHealthSettings, type HealthSettings } from "./types";

const positiveInt = z.coerce.number().int().positive();

/** Partial settings as a partner may store them; missing ones take the defaults. */
export const healthSettingsSchema = z
  .object({
    inactivityWarningDays: positiveInt.max(60).optional(),
    inactivityCriticalDays: positiveInt.max(60).optional(),
    expectedDisconnectDays: positiveInt.max(60).optional(),
    historyChunkWaitMinutes: positiveInt.max(24 * 60).optional(),
    syncDeadlineWarningHours: positiveInt.max(24).optional(),
    forwardingCriticalHours: positiveInt.max(24 * 7).optional(),
  })
  .transform(
    (partial): HealthSettings => ({ ...defaultHealthSettings, ...stripUndefined(partial) }),
  )
  .refine(
    (s) =>
      s.inactivityWarningDays < s.inactivityCriticalDays &&
      s.inactivityCriticalDays <= s.expectedDisconnectDays,
    {
      message:
        "The inactivity warning must come before the critical day, and the critical day no later than the expected disconnect",
      path: ["inactivityCriticalDays"],
    },
  );

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Settings from stored (possibly partial or invalid) data; throws a ZodError on bad input. */
export function resolveHealthSettings(partial: unknown = {}): HealthSettings {
  return healthSettingsSchema.parse(partial ?? {});
}
