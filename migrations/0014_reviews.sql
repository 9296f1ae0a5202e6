CREATE TABLE "reviews" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"product_id" text NOT NULL,
	"order_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"channel_kind" text NOT NULL,
	"verified_purchase" boolean DEFAULT true NOT NULL,
	"reviewer_name" text NOT NULL,
	"rating" smallint NOT NULL,
	"title" text,
	"body" text,
	"locale" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"moderation_note" text,
	"moderated_by_kind" text,
	"moderated_by_id" text,
	"moderated_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reviews_rating_check" CHECK ("reviews"."rating" between 1 and 5),
	CONSTRAINT "reviews_title_check" CHECK ("reviews"."title" is null or char_length("reviews"."title") between 1 and 120),
	CONSTRAINT "reviews_body_check" CHECK ("reviews"."body" is null or char_length("reviews"."body") between 1 and 4000),
	CONSTRAINT "reviews_locale_check" CHECK ("reviews"."locale" ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
	CONSTRAINT "reviews_status_check" CHECK ("reviews"."status" in ('pending', 'published', 'held', 'rejected')),
	CONSTRAINT "reviews_channel_kind_check" CHECK ("reviews"."channel_kind" in ('web', 'mobile_app', 'store', 'kiosk', 'marketplace', 'phone', 'catalogue')),
	CONSTRAINT "reviews_reviewer_name_check" CHECK (char_length("reviews"."reviewer_name") between 1 and 40),
	CONSTRAINT "reviews_moderation_note_check" CHECK ("reviews"."moderation_note" is null or char_length("reviews"."moderation_note") <= 500),
	CONSTRAINT "reviews_moderated_check" CHECK (("reviews"."status" = 'pending') = ("reviews"."moderated_at" is null))
);
--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_customer_product_key" ON "reviews" USING btree ("customer_id","product_id") WHERE "reviews"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "reviews_product_published_idx" ON "reviews" USING btree ("product_id","created_at","id") WHERE "reviews"."status" = 'published' and "reviews"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "reviews_product_rating_idx" ON "reviews" USING btree ("product_id","rating","created_at","id") WHERE "reviews"."status" = 'published' and "reviews"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "reviews_status_idx" ON "reviews" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "reviews_customer_idx" ON "reviews" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "reviews_order_idx" ON "reviews" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "reviews_channel_idx" ON "reviews" USING btree ("channel_id");--> statement-breakpoint
CREATE TRIGGER reviews_bump_version BEFORE UPDATE ON "reviews" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();

