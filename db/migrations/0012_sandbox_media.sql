CREATE TABLE "sandbox_media" (
	"media_id" text PRIMARY KEY NOT NULL,
	"phone_number_id" text NOT NULL,
	"kind" text NOT NULL,
	"mime_type" text NOT NULL,
	"caption" text,
	"filename" text,
	"sent_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sandbox_media" ADD CONSTRAINT "sandbox_media_phone_number_id_sandbox_numbers_phone_number_id_fk" FOREIGN KEY ("phone_number_id") REFERENCES "public"."sandbox_numbers"("phone_number_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandbox_media_number_idx" ON "sandbox_media" USING btree ("phone_number_id");