import { timestamp } from "drizzle-orm/pg-core";

/** When a row was created (every table that keeps history). */
export const createdAt = () =>
  timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** created_at, and updated_at kept current by Drizzle on every update. */
export const timestamps = () => ({
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
});
