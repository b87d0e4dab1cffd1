CREATE TABLE "sandbox_customers" (
	"phone_number_id" text NOT NULL,
	"wa_id" text NOT NULL,
	"user_id" text NOT NULL,
	"parent_user_id" text NOT NULL,
	"username" text,
	"hide_number" boolean DEFAULT false NOT NULL,
	"profile_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sandbox_customers_phone_number_id_wa_id_pk" PRIMARY KEY("phone_number_id","wa_id")
);
--> statement-breakpoint
ALTER TABLE "sandbox_numbers" ADD COLUMN "parent_bsuids" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox_customers" ADD CONSTRAINT "sandbox_customers_phone_number_id_sandbox_numbers_phone_number_id_fk" FOREIGN KEY ("phone_number_id") REFERENCES "public"."sandbox_numbers"("phone_number_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_customers_user_id_key" ON "sandbox_customers" USING btree ("phone_number_id","user_id");--> statement-breakpoint
CREATE INDEX "sandbox_customers_parent_user_id_idx" ON "sandbox_customers" USING btree ("phone_number_id","parent_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sandbox_customers_username_key" ON "sandbox_customers" USING btree ("phone_number_id","username") WHERE "sandbox_customers"."username" is not null;