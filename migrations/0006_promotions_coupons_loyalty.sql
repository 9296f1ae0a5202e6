CREATE TABLE "loyalty_accounts" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"available" integer DEFAULT 0 NOT NULL,
	"pending" integer DEFAULT 0 NOT NULL,
	"lifetime" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_accounts_balances_check" CHECK ("loyalty_accounts"."available" >= 0 and "loyalty_accounts"."pending" >= 0 and "loyalty_accounts"."lifetime" >= 0)
);
--> statement-breakpoint
CREATE TABLE "loyalty_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"available_delta" integer DEFAULT 0 NOT NULL,
	"pending_delta" integer DEFAULT 0 NOT NULL,
	"lifetime_delta" integer DEFAULT 0 NOT NULL,
	"order_id" text,
	"return_id" text,
	"reward_id" text,
	"coupon_id" text,
	"channel_id" text,
	"note" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_entries_kind_check" CHECK ("loyalty_entries"."kind" in ('earn_pending', 'earn_confirmed', 'earn_reversed', 'redeem', 'redeem_reversed', 'adjust')),
	CONSTRAINT "loyalty_entries_delta_check" CHECK ("loyalty_entries"."available_delta" <> 0 or "loyalty_entries"."pending_delta" <> 0 or "loyalty_entries"."lifetime_delta" <> 0)
);
--> statement-breakpoint
CREATE TABLE "loyalty_rewards" (
	"id" text PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"points_cost" integer NOT NULL,
	"promotion_id" text NOT NULL,
	"voucher_valid_days" integer DEFAULT 90 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_rewards_cost_check" CHECK ("loyalty_rewards"."points_cost" > 0),
	CONSTRAINT "loyalty_rewards_validity_check" CHECK ("loyalty_rewards"."voucher_valid_days" between 1 and 3650)
);
--> statement-breakpoint
CREATE TABLE "loyalty_settings" (
	"id" text PRIMARY KEY DEFAULT 'default' NOT NULL,
	"points_per_unit" integer DEFAULT 1 NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_settings_singleton_check" CHECK ("loyalty_settings"."id" = 'default'),
	CONSTRAINT "loyalty_settings_rate_check" CHECK ("loyalty_settings"."points_per_unit" between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "loyalty_tiers" (
	"code" text PRIMARY KEY NOT NULL,
	"name" jsonb NOT NULL,
	"threshold" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_tiers_code_check" CHECK ("loyalty_tiers"."code" ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
	CONSTRAINT "loyalty_tiers_threshold_check" CHECK ("loyalty_tiers"."threshold" >= 0)
);
--> statement-breakpoint
CREATE TABLE "loyalty_vouchers" (
	"coupon_id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"reward_id" text NOT NULL,
	"points" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "loyalty_vouchers_points_check" CHECK ("loyalty_vouchers"."points" > 0)
);
--> statement-breakpoint
CREATE TABLE "cart_coupons" (
	"cart_id" text NOT NULL,
	"coupon_id" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_coupons_pkey" PRIMARY KEY("cart_id","coupon_id")
);
--> statement-breakpoint
CREATE TABLE "coupon_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"promotion_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text,
	"quantity" integer NOT NULL,
	"max_uses_per_code" integer,
	"per_customer_limit" integer,
	"expires_at" timestamp with time zone,
	"created_by_kind" text NOT NULL,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupon_batches_quantity_check" CHECK ("coupon_batches"."quantity" between 1 and 100000)
);
--> statement-breakpoint
CREATE TABLE "coupon_customer_uses" (
	"coupon_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "coupon_customer_uses_pkey" PRIMARY KEY("coupon_id","customer_id"),
	CONSTRAINT "coupon_customer_uses_uses_check" CHECK ("coupon_customer_uses"."uses" >= 0)
);
--> statement-breakpoint
CREATE TABLE "coupons" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"promotion_id" text NOT NULL,
	"batch_id" text,
	"customer_id" text,
	"max_uses" integer,
	"per_customer_limit" integer,
	"used_count" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "coupons_code_check" CHECK ("coupons"."code" ~ '^[A-Z0-9][A-Z0-9-]{2,39}$'),
	CONSTRAINT "coupons_status_check" CHECK ("coupons"."status" in ('active', 'disabled')),
	CONSTRAINT "coupons_usage_check" CHECK ("coupons"."used_count" >= 0 and ("coupons"."max_uses" is null or "coupons"."used_count" <= "coupons"."max_uses")),
	CONSTRAINT "coupons_limits_check" CHECK (("coupons"."max_uses" is null or "coupons"."max_uses" > 0) and ("coupons"."per_customer_limit" is null or "coupons"."per_customer_limit" > 0))
);
--> statement-breakpoint
CREATE TABLE "promotion_customer_uses" (
	"promotion_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "promotion_customer_uses_pkey" PRIMARY KEY("promotion_id","customer_id"),
	CONSTRAINT "promotion_customer_uses_uses_check" CHECK ("promotion_customer_uses"."uses" >= 0)
);
--> statement-breakpoint
CREATE TABLE "promotion_redemptions" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"promotion_id" text NOT NULL,
	"coupon_id" text,
	"coupon_code" text,
	"customer_id" text,
	"channel_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"amount" integer NOT NULL,
	"status" text DEFAULT 'redeemed' NOT NULL,
	"release_reason" text,
	"redeemed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "promotion_redemptions_amount_check" CHECK ("promotion_redemptions"."amount" > 0),
	CONSTRAINT "promotion_redemptions_status_check" CHECK ("promotion_redemptions"."status" in ('redeemed', 'released')),
	CONSTRAINT "promotion_redemptions_level_check" CHECK ("promotion_redemptions"."level" in ('items', 'order', 'shipping'))
);
--> statement-breakpoint
CREATE TABLE "promotions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"kind" text NOT NULL,
	"definition" jsonb NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"stacking" text DEFAULT 'combinable' NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"channel_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"segment" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"min_subtotal" integer,
	"usage_limit" integer,
	"used_count" integer DEFAULT 0 NOT NULL,
	"per_customer_limit" integer,
	"requires_coupon" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotions_kind_check" CHECK ("promotions"."kind" in ('percent_off', 'amount_off', 'buy_x_get_y', 'bundle_price', 'free_shipping')),
	CONSTRAINT "promotions_status_check" CHECK ("promotions"."status" in ('active', 'paused', 'archived')),
	CONSTRAINT "promotions_stacking_check" CHECK ("promotions"."stacking" in ('exclusive', 'combinable')),
	CONSTRAINT "promotions_window_check" CHECK ("promotions"."starts_at" is null or "promotions"."ends_at" is null or "promotions"."ends_at" > "promotions"."starts_at"),
	CONSTRAINT "promotions_usage_check" CHECK ("promotions"."used_count" >= 0 and ("promotions"."usage_limit" is null or "promotions"."used_count" <= "promotions"."usage_limit")),
	CONSTRAINT "promotions_limits_check" CHECK (("promotions"."usage_limit" is null or "promotions"."usage_limit" > 0) and ("promotions"."per_customer_limit" is null or "promotions"."per_customer_limit" > 0)),
	CONSTRAINT "promotions_min_subtotal_check" CHECK ("promotions"."min_subtotal" is null or "promotions"."min_subtotal" >= 0)
);
--> statement-breakpoint
ALTER TABLE "orders" DROP CONSTRAINT "orders_totals_check";--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "discount_total" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "discounts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "price_list_id" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "discount_total" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "shipping_discount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "return_lines" ADD COLUMN "refund_amount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "loyalty_accounts" ADD CONSTRAINT "loyalty_accounts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_entries" ADD CONSTRAINT "loyalty_entries_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_rewards" ADD CONSTRAINT "loyalty_rewards_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_vouchers" ADD CONSTRAINT "loyalty_vouchers_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_vouchers" ADD CONSTRAINT "loyalty_vouchers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loyalty_vouchers" ADD CONSTRAINT "loyalty_vouchers_reward_id_loyalty_rewards_id_fk" FOREIGN KEY ("reward_id") REFERENCES "public"."loyalty_rewards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_coupons" ADD CONSTRAINT "cart_coupons_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "public"."carts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_coupons" ADD CONSTRAINT "cart_coupons_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_batches" ADD CONSTRAINT "coupon_batches_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_customer_uses" ADD CONSTRAINT "coupon_customer_uses_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupon_customer_uses" ADD CONSTRAINT "coupon_customer_uses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_batch_id_coupon_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."coupon_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coupons" ADD CONSTRAINT "coupons_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_customer_uses" ADD CONSTRAINT "promotion_customer_uses_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_customer_uses" ADD CONSTRAINT "promotion_customer_uses_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_promotion_id_promotions_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."promotions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_redemptions" ADD CONSTRAINT "promotion_redemptions_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "loyalty_entries_customer_idx" ON "loyalty_entries" USING btree ("customer_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_entries_earn_key" ON "loyalty_entries" USING btree ("order_id","kind") WHERE "loyalty_entries"."kind" in ('earn_pending', 'earn_confirmed');--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_entries_return_key" ON "loyalty_entries" USING btree ("return_id") WHERE "loyalty_entries"."kind" = 'earn_reversed';--> statement-breakpoint
CREATE UNIQUE INDEX "loyalty_tiers_threshold_key" ON "loyalty_tiers" USING btree ("threshold");--> statement-breakpoint
CREATE INDEX "loyalty_vouchers_customer_idx" ON "loyalty_vouchers" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "cart_coupons_coupon_idx" ON "cart_coupons" USING btree ("coupon_id");--> statement-breakpoint
CREATE INDEX "coupon_batches_promotion_idx" ON "coupon_batches" USING btree ("promotion_id");--> statement-breakpoint
CREATE UNIQUE INDEX "coupons_code_key" ON "coupons" USING btree ("code");--> statement-breakpoint
CREATE INDEX "coupons_promotion_idx" ON "coupons" USING btree ("promotion_id");--> statement-breakpoint
CREATE INDEX "coupons_batch_idx" ON "coupons" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "coupons_customer_idx" ON "coupons" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "promotion_redemptions_order_promotion_key" ON "promotion_redemptions" USING btree ("order_id","promotion_id");--> statement-breakpoint
CREATE INDEX "promotion_redemptions_promotion_idx" ON "promotion_redemptions" USING btree ("promotion_id","redeemed_at");--> statement-breakpoint
CREATE INDEX "promotion_redemptions_coupon_idx" ON "promotion_redemptions" USING btree ("coupon_id");--> statement-breakpoint
CREATE INDEX "promotion_redemptions_customer_idx" ON "promotion_redemptions" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "promotions_status_idx" ON "promotions" USING btree ("status","priority");--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_discount_check" CHECK ("order_lines"."discount_total" between 0 and "order_lines"."line_total");--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_totals_check" CHECK ("orders"."total" = "orders"."subtotal" - "orders"."discount_total" + "orders"."shipping_total" and "orders"."subtotal" >= 0 and "orders"."discount_total" between 0 and "orders"."subtotal" and "orders"."shipping_total" >= 0 and "orders"."shipping_discount" >= 0 and "orders"."tax_total" >= 0);--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_refund_amount_check" CHECK ("return_lines"."refund_amount" >= 0);--> statement-breakpoint
UPDATE "return_lines" SET "refund_amount" = "unit_refund" * "quantity";--> statement-breakpoint
INSERT INTO "loyalty_settings" ("id") VALUES ('default') ON CONFLICT DO NOTHING;