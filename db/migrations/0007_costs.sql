CREATE TABLE "cost_rollups" (
	"partner_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"day" date NOT NULL,
	"category" text NOT NULL,
	"charged" boolean NOT NULL,
	"free_because" text NOT NULL,
	"currency" text NOT NULL,
	"messages" integer NOT NULL,
	"amount_micros" bigint NOT NULL,
	"no_rate" integer NOT NULL,
	CONSTRAINT "cost_rollups_channel_id_day_category_charged_free_because_currency_pk" PRIMARY KEY("channel_id","day","category","charged","free_because","currency")
);
--> statement-breakpoint
CREATE TABLE "cost_watermarks" (
	"channel_id" uuid PRIMARY KEY NOT NULL,
	"partner_id" uuid NOT NULL,
	"priced_through" timestamp (6) with time zone,
	"claimed_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_costs" (
	"message_id" uuid PRIMARY KEY NOT NULL,
	"partner_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	"customer_wa_id" text NOT NULL,
	"wamid" text,
	"at" timestamp with time zone NOT NULL,
	"origin" text NOT NULL,
	"type" text NOT NULL,
	"charged" boolean NOT NULL,
	"category" text NOT NULL,
	"rate_category" text,
	"model" text,
	"amount_micros" bigint,
	"currency" text,
	"rate_known" boolean DEFAULT true NOT NULL,
	"reason" text NOT NULL,
	"free_because" text,
	"rule_set_id" text,
	"market" text,
	"decided_by" text NOT NULL,
	"disagreement" jsonb,
	"outside_service_window" boolean DEFAULT false NOT NULL,
	"allowance_count" integer,
	"priced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cost_rollups" ADD CONSTRAINT "cost_rollups_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_rollups" ADD CONSTRAINT "cost_rollups_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_rollups" ADD CONSTRAINT "cost_rollups_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_watermarks" ADD CONSTRAINT "cost_watermarks_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_watermarks" ADD CONSTRAINT "cost_watermarks_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_costs" ADD CONSTRAINT "message_costs_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_costs" ADD CONSTRAINT "message_costs_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_costs" ADD CONSTRAINT "message_costs_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_costs" ADD CONSTRAINT "message_costs_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cost_rollups_partner_day_idx" ON "cost_rollups" USING btree ("partner_id","day");--> statement-breakpoint
CREATE INDEX "cost_rollups_client_day_idx" ON "cost_rollups" USING btree ("client_id","day");--> statement-breakpoint
CREATE INDEX "message_costs_channel_at_idx" ON "message_costs" USING btree ("channel_id","at");--> statement-breakpoint
CREATE INDEX "message_costs_partner_at_idx" ON "message_costs" USING btree ("partner_id","at");--> statement-breakpoint
CREATE INDEX "message_costs_contact_idx" ON "message_costs" USING btree ("contact_id","at");