import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns";
import { users } from "./partners";

/**
 * Counters for lib/auth/rate-limit: one row per scope, key and fixed window, bumped by an atomic
 * upsert so every app instance counts together. Keys are SHA-256 digests (no raw emails or IPs).
 */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key, t.windowStart] }),
    index("rate_limit_counters_window_idx").on(t.windowStart),
  ],
);

/**
 * One row per signed-in browser. The session cookie (a JWT) carries the row's id; a revoked row
 * makes the cookie worthless even though its signature is still valid (sign-out, password change).
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId)],
);

export const passwordTokenPurposes = ["invite", "reset"] as const;
export type PasswordTokenPurpose = (typeof passwordTokenPurposes)[number];

/** One-time set-password links: only a SHA-256 of the token is kept; single use; expiring. */
export const passwordTokens = pgTable(
  "password_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique("password_tokens_hash_key"),
    purpose: text("purpose").$type<PasswordTokenPurpose>().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [index("password_tokens_user_idx").on(t.userId)],
);

export type UserSession = typeof userSessions.$inferSelect;
export type PasswordToken = typeof passwordTokens.$inferSelect;
