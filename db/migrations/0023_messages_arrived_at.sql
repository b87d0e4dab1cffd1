DROP INDEX "messages_timeline_idx";--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "arrived_at" timestamp with time zone;--> statement-breakpoint
-- Backfill: a message stored before this migration arrived at its own time, so messages of one
-- second keep the order they had (seq); new rows get their webhook's received_at.
UPDATE "messages" SET "arrived_at" = "sent_at";--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "arrived_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "arrived_at" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_timeline_idx" ON "messages" USING btree ("channel_id","contact_id","sent_at","arrived_at","seq");
