ALTER TYPE "public"."message_status" ADD VALUE 'unknown' BEFORE 'sent';--> statement-breakpoint
ALTER TABLE "cost_watermarks" ADD COLUMN "recount_from" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "messages_unsettled_send_idx" ON "messages" USING btree ("channel_id","customer_wa_id") WHERE "messages"."wamid" is null;--> statement-breakpoint
CREATE INDEX "message_costs_allowance_idx" ON "message_costs" USING btree ("channel_id","at","message_id") WHERE "message_costs"."allowance_count" is not null;