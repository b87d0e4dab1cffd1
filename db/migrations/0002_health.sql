CREATE TYPE "public"."health_acknowledgement_kind" AS ENUM('app_opened', 'companions_relinked');--> statement-breakpoint
CREATE TYPE "public"."health_severity" AS ENUM('info', 'warning', 'critical');--> statement-breakpoint
CREATE TABLE "health_acknowledgements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"kind" "health_acknowledgement_kind" NOT NULL,
	"by_user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"warning_id" text NOT NULL,
	"severity" "health_severity" NOT NULL,
	"occurrence" text NOT NULL,
	"title" text NOT NULL,
	"message" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	"dismissed_at" timestamp with time zone,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "health_acknowledgements" ADD CONSTRAINT "health_acknowledgements_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_acknowledgements" ADD CONSTRAINT "health_acknowledgements_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_acknowledgements" ADD CONSTRAINT "health_acknowledgements_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_notifications" ADD CONSTRAINT "health_notifications_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_notifications" ADD CONSTRAINT "health_notifications_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "health_acknowledgements_channel_idx" ON "health_acknowledgements" USING btree ("channel_id","kind","at");--> statement-breakpoint
CREATE UNIQUE INDEX "health_notifications_occurrence_key" ON "health_notifications" USING btree ("channel_id","occurrence");--> statement-breakpoint
CREATE INDEX "health_notifications_partner_idx" ON "health_notifications" USING btree ("partner_id","created_at");--> statement-breakpoint
CREATE INDEX "health_notifications_unread_idx" ON "health_notifications" USING btree ("partner_id") WHERE "health_notifications"."read_at" is null;