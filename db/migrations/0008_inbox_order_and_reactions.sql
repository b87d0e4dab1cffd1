DROP INDEX "contacts_partner_idx";--> statement-breakpoint
DROP INDEX "contacts_inbox_idx";--> statement-breakpoint
CREATE INDEX "contacts_partner_inbox_idx" ON "contacts" USING btree ("partner_id","last_live_message_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "messages_channel_reaction_idx" ON "messages" USING btree ("channel_id","reaction_to_wamid") WHERE "messages"."reaction_to_wamid" is not null;--> statement-breakpoint
CREATE INDEX "contacts_inbox_idx" ON "contacts" USING btree ("channel_id","last_live_message_at" DESC NULLS LAST);