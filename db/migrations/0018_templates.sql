ALTER TYPE "public"."channel_event_kind" ADD VALUE 'template_quality';--> statement-breakpoint
ALTER TYPE "public"."channel_event_kind" ADD VALUE 'template_category';--> statement-breakpoint
ALTER TYPE "public"."channel_event_kind" ADD VALUE 'account_alert';--> statement-breakpoint
ALTER TYPE "public"."channel_event_kind" ADD VALUE 'business_capability';--> statement-breakpoint
CREATE TABLE "sandbox_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"waba_id" text NOT NULL,
	"name" text NOT NULL,
	"language" text NOT NULL,
	"category" text NOT NULL,
	"previous_category" text,
	"components" jsonb NOT NULL,
	"parameter_format" text,
	"decision" text NOT NULL,
	"rejected_reason" text,
	"status" text,
	"quality_score" text DEFAULT 'UNKNOWN' NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"edits" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"waba_id" text NOT NULL,
	"meta_template_id" text NOT NULL,
	"name" text NOT NULL,
	"language" text NOT NULL,
	"category" text NOT NULL,
	"previous_category" text,
	"status" text NOT NULL,
	"quality_score" text,
	"rejection_reason" text,
	"components" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_change_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "messaging_limit" text;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "templates_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_templates_name_key" ON "sandbox_templates" USING btree ("waba_id","name","language");--> statement-breakpoint
CREATE UNIQUE INDEX "message_templates_waba_name_key" ON "message_templates" USING btree ("partner_id","waba_id","name","language");--> statement-breakpoint
CREATE INDEX "message_templates_meta_id_idx" ON "message_templates" USING btree ("meta_template_id");