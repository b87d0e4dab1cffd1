DROP INDEX "history_chunks_key";--> statement-breakpoint
ALTER TABLE "history_chunks" ADD COLUMN "generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "sync_generation" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "sync_session_id" uuid;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "contacts_sync_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "contacts_sync_request_id" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "contacts_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "history_sync_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "history_sync_request_id" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "history_progress" real;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "history_declined_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "history_chunks_generation_key" ON "history_chunks" USING btree ("channel_id","generation","phase","chunk_order");--> statement-breakpoint
-- Channels onboarded before this migration: their sync facts, from what was already stored.
UPDATE "channels" AS c SET
  "history_progress" = (SELECT max(h."progress") FROM "history_chunks" h WHERE h."channel_id" = c."id"),
  "history_declined_at" = (SELECT min(e."created_at") FROM "channel_events" e WHERE e."channel_id" = c."id" AND e."kind" = 'history_declined'),
  "contacts_synced_at" = (SELECT min(k."created_at") FROM "contacts" k WHERE k."channel_id" = c."id" AND k."app_synced_at" IS NOT NULL);--> statement-breakpoint
UPDATE "channels" AS c SET
  "sync_session_id" = s."id",
  "contacts_sync_requested_at" = CASE WHEN s."steps" -> 'request_contacts_sync' ->> 'status' = 'done' THEN (s."steps" -> 'request_contacts_sync' ->> 'at')::timestamptz END,
  "contacts_sync_request_id" = CASE WHEN s."steps" -> 'request_contacts_sync' ->> 'status' = 'done' THEN s."steps" -> 'request_contacts_sync' -> 'data' ->> 'requestId' END,
  "history_sync_requested_at" = CASE WHEN s."steps" -> 'request_history_sync' ->> 'status' = 'done' THEN (s."steps" -> 'request_history_sync' ->> 'at')::timestamptz END,
  "history_sync_request_id" = CASE WHEN s."steps" -> 'request_history_sync' ->> 'status' = 'done' THEN s."steps" -> 'request_history_sync' -> 'data' ->> 'requestId' END
FROM (
  SELECT DISTINCT ON ("channel_id") "id", "channel_id", "steps"
  FROM "onboarding_sessions"
  WHERE "channel_id" IS NOT NULL
  ORDER BY "channel_id", "created_at" DESC
) AS s
WHERE s."channel_id" = c."id";
