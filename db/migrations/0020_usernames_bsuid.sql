DROP INDEX "contacts_search_idx";--> statement-breakpoint
ALTER TABLE "contacts" ALTER COLUMN "wa_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "user_id" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "previous_user_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "parent_user_id" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "username" text;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_channel_user_id_key" ON "contacts" USING btree ("channel_id","user_id") WHERE "contacts"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "contacts_previous_user_ids_idx" ON "contacts" USING gin ("previous_user_ids");--> statement-breakpoint
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin (to_tsvector('simple', coalesce("app_name", '') || ' ' || coalesce("profile_name", '') || ' ' || coalesce("username", '') || ' ' || coalesce("wa_id", '')));--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_identified" CHECK ("contacts"."wa_id" is not null or "contacts"."user_id" is not null);