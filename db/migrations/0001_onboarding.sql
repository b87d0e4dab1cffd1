CREATE TYPE "public"."onboarding_status" AS ENUM('ineligible', 'eligible', 'popup_opened', 'cancelled', 'errored', 'in_progress', 'failed', 'needs_restart', 'completed');--> statement-breakpoint
CREATE TABLE "onboarding_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"status" "onboarding_status" NOT NULL,
	"state" text,
	"partner_payload" text,
	"email" text,
	"name" text,
	"redirect_url" text,
	"number" text,
	"country" text,
	"eligibility" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"popup_event" text,
	"cancel_step" text,
	"error_message" text,
	"error_id" text,
	"meta_session_id" text,
	"waba_id" text,
	"phone_number_id" text,
	"business_id" text,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"business_token_encrypted" text,
	"locked_until" timestamp with time zone,
	"client_id" uuid,
	"channel_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"popup_opened_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "onboarding_sessions" ADD CONSTRAINT "onboarding_sessions_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_sessions" ADD CONSTRAINT "onboarding_sessions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "onboarding_sessions" ADD CONSTRAINT "onboarding_sessions_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "onboarding_sessions_partner_idx" ON "onboarding_sessions" USING btree ("partner_id","created_at");--> statement-breakpoint
CREATE INDEX "onboarding_sessions_phone_idx" ON "onboarding_sessions" USING btree ("phone_number_id");