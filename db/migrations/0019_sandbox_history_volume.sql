ALTER TABLE "sandbox_numbers" ADD COLUMN "history_messages_per_day" integer;--> statement-breakpoint
ALTER TABLE "sandbox_numbers" ADD COLUMN "history_chunk_size" integer DEFAULT 40 NOT NULL;