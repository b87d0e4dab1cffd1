CREATE TYPE "public"."message_direction" AS ENUM('inbound', 'outbound');--> statement-breakpoint
CREATE TYPE "public"."message_origin" AS ENUM('customer', 'api', 'app', 'history');--> statement-breakpoint
CREATE TYPE "public"."message_status" AS ENUM('pending', 'sent', 'delivered', 'read', 'played', 'failed');--> statement-breakpoint
CREATE TYPE "public"."channel_event_kind" AS ENUM('account_update', 'template_status', 'quality_update', 'name_update', 'history_declined');--> statement-breakpoint
CREATE TYPE "public"."webhook_outcome" AS ENUM('pending', 'processed', 'ignored', 'unparseable', 'unknown_channel', 'failed');--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"wa_id" text NOT NULL,
	"app_name" text,
	"app_name_at" timestamp with time zone,
	"profile_name" text,
	"app_synced_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"last_live_message_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_status_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"wamid" text NOT NULL,
	"status" "message_status" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recipient_id" text NOT NULL,
	"pricing" jsonb,
	"conversation" jsonb,
	"errors" jsonb,
	"webhook_event_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"wamid" text,
	"client_ref" text,
	"origin" "message_origin" NOT NULL,
	"direction" "message_direction" NOT NULL,
	"type" text NOT NULL,
	"content" jsonb,
	"text" text,
	"original_text" text,
	"edited_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"sent_at" timestamp with time zone NOT NULL,
	"status" "message_status",
	"status_at" timestamp with time zone,
	"errors" jsonb,
	"customer_wa_id" text NOT NULL,
	"reply_to_wamid" text,
	"reaction_to_wamid" text,
	"target_wamid" text,
	"referral" jsonb,
	"media" jsonb,
	"template_name" text,
	"template_category" text,
	"pricing" jsonb,
	"pricing_category" text,
	"pricing_type" text,
	"conversation" jsonb,
	"stub" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"kind" "channel_event_kind" NOT NULL,
	"event" text NOT NULL,
	"reason" text,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"dedupe_key" text NOT NULL,
	"webhook_event_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "history_chunks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"phase" integer NOT NULL,
	"chunk_order" integer NOT NULL,
	"progress" real NOT NULL,
	"thread_count" integer NOT NULL,
	"message_count" integer NOT NULL,
	"webhook_event_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_event_channels" (
	"event_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_event_channels_event_id_channel_id_pk" PRIMARY KEY("event_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"body" text NOT NULL,
	"body_encoding" text DEFAULT 'utf8' NOT NULL,
	"body_bytes" integer NOT NULL,
	"signature_valid" boolean NOT NULL,
	"dedupe_key" text NOT NULL,
	"deliveries" integer DEFAULT 1 NOT NULL,
	"last_delivered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" "webhook_outcome" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"processed_at" timestamp with time zone,
	"last_error" text,
	"fields" text[],
	"waba_ids" text[],
	"phone_number_ids" text[],
	"channel_id" uuid
);
--> statement-breakpoint
CREATE TABLE "webhook_rejections" (
	"minute" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "webhook_rejections_minute_reason_pk" PRIMARY KEY("minute","reason")
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_status_events" ADD CONSTRAINT "message_status_events_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_status_events" ADD CONSTRAINT "message_status_events_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_events" ADD CONSTRAINT "channel_events_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_events" ADD CONSTRAINT "channel_events_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "history_chunks" ADD CONSTRAINT "history_chunks_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "history_chunks" ADD CONSTRAINT "history_chunks_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_event_channels" ADD CONSTRAINT "webhook_event_channels_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_event_channels" ADD CONSTRAINT "webhook_event_channels_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_event_channels" ADD CONSTRAINT "webhook_event_channels_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_channel_wa_id_key" ON "contacts" USING btree ("channel_id","wa_id");--> statement-breakpoint
CREATE INDEX "contacts_partner_idx" ON "contacts" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "contacts_inbox_idx" ON "contacts" USING btree ("channel_id","last_live_message_at");--> statement-breakpoint
CREATE UNIQUE INDEX "message_status_events_key" ON "message_status_events" USING btree ("channel_id","wamid","status");--> statement-breakpoint
CREATE INDEX "message_status_events_partner_idx" ON "message_status_events" USING btree ("partner_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_channel_wamid_key" ON "messages" USING btree ("channel_id","wamid") WHERE "messages"."wamid" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_channel_client_ref_key" ON "messages" USING btree ("channel_id","client_ref") WHERE "messages"."client_ref" is not null;--> statement-breakpoint
CREATE INDEX "messages_timeline_idx" ON "messages" USING btree ("channel_id","contact_id","sent_at","id");--> statement-breakpoint
CREATE INDEX "messages_partner_sent_idx" ON "messages" USING btree ("partner_id","sent_at");--> statement-breakpoint
CREATE INDEX "messages_channel_target_idx" ON "messages" USING btree ("channel_id","target_wamid") WHERE "messages"."target_wamid" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "channel_events_key" ON "channel_events" USING btree ("channel_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "channel_events_channel_idx" ON "channel_events" USING btree ("channel_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "history_chunks_key" ON "history_chunks" USING btree ("channel_id","phase","chunk_order");--> statement-breakpoint
CREATE INDEX "webhook_event_channels_partner_idx" ON "webhook_event_channels" USING btree ("partner_id","received_at");--> statement-breakpoint
CREATE INDEX "webhook_event_channels_channel_idx" ON "webhook_event_channels" USING btree ("channel_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_events_dedupe_key" ON "webhook_events" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "webhook_events_received_idx" ON "webhook_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "webhook_events_todo_idx" ON "webhook_events" USING btree ("outcome","received_at") WHERE "webhook_events"."outcome" in ('pending', 'failed', 'unknown_channel');