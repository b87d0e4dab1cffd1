DROP INDEX "message_costs_channel_at_idx";--> statement-breakpoint
CREATE INDEX "message_costs_channel_period_idx" ON "message_costs" USING btree ("channel_id","at","partner_id","contact_id","customer_wa_id","charged","amount_micros");--> statement-breakpoint
CREATE INDEX "message_costs_disagreement_idx" ON "message_costs" USING btree ("partner_id","at") WHERE "message_costs"."disagreement" is not null;--> statement-breakpoint
CREATE INDEX "message_costs_channel_disagreement_idx" ON "message_costs" USING btree ("channel_id","at","partner_id") WHERE "message_costs"."disagreement" is not null;