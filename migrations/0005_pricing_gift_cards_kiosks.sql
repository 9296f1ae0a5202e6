CREATE TABLE "gift_card_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"gift_card_id" text NOT NULL,
	"delta" integer NOT NULL,
	"reason" text NOT NULL,
	"order_id" text,
	"payment_id" text,
	"note" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gift_card_entries_delta_check" CHECK ("gift_card_entries"."delta" <> 0),
	CONSTRAINT "gift_card_entries_reason_check" CHECK ("gift_card_entries"."reason" in ('issue', 'spend', 'spend_reversal', 'refund', 'adjustment'))
);
--> statement-breakpoint
CREATE TABLE "gift_cards" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"pin_hash" text NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"initial_amount" integer NOT NULL,
	"balance" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"expires_at" timestamp with time zone,
	"pin_failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"customer_id" text,
	"issued_by_kind" text NOT NULL,
	"issued_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gift_cards_code_unique" UNIQUE("code"),
	CONSTRAINT "gift_cards_balance_check" CHECK ("gift_cards"."balance" >= 0 and "gift_cards"."balance" <= "gift_cards"."initial_amount"),
	CONSTRAINT "gift_cards_initial_amount_check" CHECK ("gift_cards"."initial_amount" > 0),
	CONSTRAINT "gift_cards_status_check" CHECK ("gift_cards"."status" in ('active', 'disabled')),
	CONSTRAINT "gift_cards_pin_failures_check" CHECK ("gift_cards"."pin_failures" >= 0)
);
--> statement-breakpoint
CREATE TABLE "customer_group_members" (
	"group_code" text NOT NULL,
	"customer_id" text NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_group_members_pkey" PRIMARY KEY("group_code","customer_id")
);
--> statement-breakpoint
CREATE TABLE "customer_groups" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_groups_code_check" CHECK ("customer_groups"."code" ~ '^[a-z0-9][a-z0-9_-]{0,39}$')
);
--> statement-breakpoint
CREATE TABLE "price_list_prices" (
	"price_list_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"price" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_list_prices_pkey" PRIMARY KEY("price_list_id","variant_id"),
	CONSTRAINT "price_list_prices_price_check" CHECK ("price_list_prices"."price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "price_lists" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"channel_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"customer_group_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "price_lists_code_unique" UNIQUE("code"),
	CONSTRAINT "price_lists_scope_check" CHECK (cardinality("price_lists"."channel_ids") + cardinality("price_lists"."customer_group_codes") > 0),
	CONSTRAINT "price_lists_window_check" CHECK ("price_lists"."starts_at" is null or "price_lists"."ends_at" is null or "price_lists"."ends_at" > "price_lists"."starts_at"),
	CONSTRAINT "price_lists_currency_check" CHECK ("price_lists"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "price_lists_code_check" CHECK ("price_lists"."code" ~ '^[a-z0-9][a-z0-9_-]{0,39}$')
);
--> statement-breakpoint
ALTER TABLE "payments" DROP CONSTRAINT "payments_method_check";--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "kiosk_channel_id" text;--> statement-breakpoint
ALTER TABLE "gift_card_entries" ADD CONSTRAINT "gift_card_entries_gift_card_id_gift_cards_id_fk" FOREIGN KEY ("gift_card_id") REFERENCES "public"."gift_cards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gift_cards" ADD CONSTRAINT "gift_cards_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_group_members" ADD CONSTRAINT "customer_group_members_group_code_customer_groups_code_fk" FOREIGN KEY ("group_code") REFERENCES "public"."customer_groups"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_group_members" ADD CONSTRAINT "customer_group_members_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_prices" ADD CONSTRAINT "price_list_prices_price_list_id_price_lists_id_fk" FOREIGN KEY ("price_list_id") REFERENCES "public"."price_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_list_prices" ADD CONSTRAINT "price_list_prices_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gift_card_entries_card_idx" ON "gift_card_entries" USING btree ("gift_card_id","id");--> statement-breakpoint
CREATE INDEX "gift_cards_customer_idx" ON "gift_cards" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "customer_group_members_customer_idx" ON "customer_group_members" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "price_list_prices_variant_idx" ON "price_list_prices" USING btree ("variant_id");--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_kiosk_channel_id_channels_id_fk" FOREIGN KEY ("kiosk_channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_method_check" CHECK ("payments"."method" in ('card', 'cash', 'card_terminal', 'store_credit', 'gift_card', 'exchange'));