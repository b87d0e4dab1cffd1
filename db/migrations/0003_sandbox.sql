CREATE TABLE "sandbox_codes" (
	"code_hash" text PRIMARY KEY NOT NULL,
	"phone_number_id" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sandbox_contacts" (
	"phone_number_id" text NOT NULL,
	"wa_id" text NOT NULL,
	"first_name" text,
	"full_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_contacts_phone_number_id_wa_id_pk" PRIMARY KEY("phone_number_id","wa_id")
);
--> statement-breakpoint
CREATE TABLE "sandbox_messages" (
	"wamid" text PRIMARY KEY NOT NULL,
	"phone_number_id" text NOT NULL,
	"wa_id" text NOT NULL,
	"direction" text NOT NULL,
	"type" text NOT NULL,
	"content" jsonb NOT NULL,
	"pricing" jsonb,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_numbers" (
	"phone_number_id" text PRIMARY KEY NOT NULL,
	"waba_id" text NOT NULL,
	"business_id" text NOT NULL,
	"business_name" text NOT NULL,
	"display_phone_number" text NOT NULL,
	"country_code" text NOT NULL,
	"verified_name" text NOT NULL,
	"quality_rating" text DEFAULT 'GREEN' NOT NULL,
	"eligible" boolean DEFAULT true NOT NULL,
	"share_history" boolean DEFAULT true NOT NULL,
	"history_days" integer DEFAULT 90 NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"onboarded_at" timestamp with time zone,
	"last_app_activity_at" timestamp with time zone,
	"subscribed" boolean DEFAULT false NOT NULL,
	"webhook_url" text,
	"faults" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_sync_requests" (
	"request_id" text PRIMARY KEY NOT NULL,
	"phone_number_id" text NOT NULL,
	"sync_type" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"waba_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_webhook_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sandbox_webhook_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"phone_number_id" text,
	"waba_id" text NOT NULL,
	"fields" text NOT NULL,
	"url" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "sandbox_codes" ADD CONSTRAINT "sandbox_codes_phone_number_id_sandbox_numbers_phone_number_id_fk" FOREIGN KEY ("phone_number_id") REFERENCES "public"."sandbox_numbers"("phone_number_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_contacts" ADD CONSTRAINT "sandbox_contacts_phone_number_id_sandbox_numbers_phone_number_id_fk" FOREIGN KEY ("phone_number_id") REFERENCES "public"."sandbox_numbers"("phone_number_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_messages" ADD CONSTRAINT "sandbox_messages_phone_number_id_sandbox_numbers_phone_number_id_fk" FOREIGN KEY ("phone_number_id") REFERENCES "public"."sandbox_numbers"("phone_number_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_sync_requests" ADD CONSTRAINT "sandbox_sync_requests_phone_number_id_sandbox_numbers_phone_number_id_fk" FOREIGN KEY ("phone_number_id") REFERENCES "public"."sandbox_numbers"("phone_number_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandbox_messages_window_idx" ON "sandbox_messages" USING btree ("phone_number_id","wa_id","direction","at");--> statement-breakpoint
CREATE INDEX "sandbox_messages_rate_idx" ON "sandbox_messages" USING btree ("phone_number_id","direction","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_numbers_waba_key" ON "sandbox_numbers" USING btree ("waba_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_sync_requests_once_key" ON "sandbox_sync_requests" USING btree ("phone_number_id","sync_type");--> statement-breakpoint
CREATE INDEX "sandbox_deliveries_due_idx" ON "sandbox_webhook_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "sandbox_deliveries_number_idx" ON "sandbox_webhook_deliveries" USING btree ("phone_number_id","id");