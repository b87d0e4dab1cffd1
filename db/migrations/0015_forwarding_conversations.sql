DROP INDEX "forwarding_deliveries_order_idx";--> statement-breakpoint
DROP INDEX "forwarding_deliveries_due_idx";--> statement-breakpoint
ALTER TABLE "forwarding_deliveries" ADD COLUMN "first_failed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "forwarding_deliveries_claimed_idx" ON "forwarding_deliveries" USING btree ("claimed_until") WHERE "forwarding_deliveries"."status" = 'delivering';--> statement-breakpoint
CREATE INDEX "forwarding_deliveries_open_order_idx" ON "forwarding_deliveries" USING btree ("order_key","seq") WHERE "forwarding_deliveries"."status" in ('pending', 'delivering');--> statement-breakpoint
CREATE INDEX "forwarding_deliveries_due_idx" ON "forwarding_deliveries" USING btree ("next_attempt_at") WHERE "forwarding_deliveries"."status" = 'pending';--> statement-breakpoint
-- Backfill: a delivery already failing counts its failures from its creation (its first attempt).
UPDATE "forwarding_deliveries" SET "first_failed_at" = "created_at" WHERE "attempts" > 0 AND "status" IN ('pending', 'delivering', 'failed');
