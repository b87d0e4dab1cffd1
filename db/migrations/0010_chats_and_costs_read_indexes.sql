DROP INDEX "contacts_partner_idx";--> statement-breakpoint
DROP INDEX "message_costs_channel_at_idx";--> statement-breakpoint
DROP INDEX "contacts_inbox_idx";--> statement-breakpoint
CREATE INDEX "contacts_partner_inbox_idx" ON "contacts" USING btree ("partner_id","last_live_message_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_channel_reaction_idx" ON "messages" USING btree ("channel_id","reaction_to_wamid") WHERE "messages"."reaction_to_wamid" is not null;--> statement-breakpoint
CREATE INDEX "message_costs_channel_period_idx" ON "message_costs" USING btree ("channel_id","at","partner_id","contact_id","customer_wa_id","charged","amount_micros");--> statement-breakpoint
CREATE INDEX "message_costs_disagreement_idx" ON "message_costs" USING btree ("partner_id","at") WHERE "message_costs"."disagreement" is not null;--> statement-breakpoint
CREATE INDEX "message_costs_channel_disagreement_idx" ON "message_costs" USING btree ("channel_id","at","partner_id") WHERE "message_costs"."disagreement" is not null;--> statement-breakpoint
CREATE INDEX "contacts_inbox_idx" ON "contacts" USING btree ("channel_id","last_live_message_at" DESC NULLS LAST);