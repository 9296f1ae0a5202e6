CREATE SEQUENCE "public"."order_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 100001 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."return_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 500001 CACHE 1;--> statement-breakpoint
CREATE TABLE "cart_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"cart_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cart_lines_cart_variant_key" UNIQUE("cart_id","variant_id"),
	CONSTRAINT "cart_lines_quantity_check" CHECK ("cart_lines"."quantity" between 1 and 99),
	CONSTRAINT "cart_lines_unit_price_check" CHECK ("cart_lines"."unit_price" >= 0)
);
--> statement-breakpoint
CREATE TABLE "carts" (
	"id" text PRIMARY KEY NOT NULL,
	"channel_id" text NOT NULL,
	"customer_id" text,
	"device_id" text,
	"created_by_staff_id" text,
	"pickup_location_id" text,
	"status" text DEFAULT 'open' NOT NULL,
	"order_id" text,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "carts_status_check" CHECK ("carts"."status" in ('open', 'checked_out')),
	CONSTRAINT "carts_order_check" CHECK ("carts"."status" <> 'checked_out' or "carts"."order_id" is not null),
	CONSTRAINT "carts_currency_check" CHECK ("carts"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "channel_fulfilment_locations" (
	"channel_id" text NOT NULL,
	"location_id" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "channel_fulfilment_locations_channel_id_location_id_pk" PRIMARY KEY("channel_id","location_id"),
	CONSTRAINT "channel_fulfilment_locations_priority_check" CHECK ("channel_fulfilment_locations"."priority" >= 0)
);
--> statement-breakpoint
CREATE TABLE "store_credit_accounts" (
	"customer_id" text PRIMARY KEY NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_credit_accounts_balance_check" CHECK ("store_credit_accounts"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "store_credit_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"delta" integer NOT NULL,
	"reason" text NOT NULL,
	"order_id" text,
	"return_id" text,
	"note" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_credit_entries_delta_check" CHECK ("store_credit_entries"."delta" <> 0),
	CONSTRAINT "store_credit_entries_reason_check" CHECK ("store_credit_entries"."reason" in ('refund', 'adjustment', 'exchange', 'spend', 'spend_reversal'))
);
--> statement-breakpoint
CREATE TABLE "customer_identifiers" (
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"verified_at" timestamp with time zone,
	CONSTRAINT "customer_identifiers_pkey" PRIMARY KEY("kind","value"),
	CONSTRAINT "customer_identifiers_kind_check" CHECK ("customer_identifiers"."kind" in ('email', 'phone', 'loyalty_card', 'loyalty_qr', 'marketplace_buyer', 'device')),
	CONSTRAINT "customer_identifiers_value_check" CHECK (length("customer_identifiers"."value") between 1 and 320)
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" text PRIMARY KEY NOT NULL,
	"variant_id" text NOT NULL,
	"location_id" text NOT NULL,
	"kind" text NOT NULL,
	"on_hand_delta" integer DEFAULT 0 NOT NULL,
	"reserved_delta" integer DEFAULT 0 NOT NULL,
	"incoming_delta" integer DEFAULT 0 NOT NULL,
	"reason" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"order_id" text,
	"reservation_id" text,
	"transfer_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_movements_kind_check" CHECK ("stock_movements"."kind" in ('receipt', 'sale', 'return', 'transfer_out', 'in_transit', 'transfer_in', 'adjustment', 'count', 'reservation', 'release')),
	CONSTRAINT "stock_movements_delta_check" CHECK ("stock_movements"."on_hand_delta" <> 0 or "stock_movements"."reserved_delta" <> 0 or "stock_movements"."incoming_delta" <> 0)
);
--> statement-breakpoint
CREATE TABLE "stock_reservations" (
	"id" text PRIMARY KEY NOT NULL,
	"variant_id" text NOT NULL,
	"location_id" text NOT NULL,
	"quantity" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"order_id" text,
	"fulfilment_id" text,
	"cart_id" text,
	"transfer_id" text,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	CONSTRAINT "stock_reservations_quantity_check" CHECK ("stock_reservations"."quantity" > 0),
	CONSTRAINT "stock_reservations_kind_check" CHECK ("stock_reservations"."kind" in ('checkout', 'order', 'reserve_in_store', 'hold', 'transfer')),
	CONSTRAINT "stock_reservations_status_check" CHECK ("stock_reservations"."status" in ('active', 'consumed', 'released', 'expired')),
	CONSTRAINT "stock_reservations_ended_check" CHECK (("stock_reservations"."status" = 'active') = ("stock_reservations"."ended_at" is null))
);
--> statement-breakpoint
CREATE TABLE "stock_transfer_lines" (
	"transfer_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"position" integer NOT NULL,
	"quantity" integer NOT NULL,
	"received_quantity" integer,
	CONSTRAINT "stock_transfer_lines_transfer_id_variant_id_pk" PRIMARY KEY("transfer_id","variant_id"),
	CONSTRAINT "stock_transfer_lines_quantity_check" CHECK ("stock_transfer_lines"."quantity" > 0),
	CONSTRAINT "stock_transfer_lines_received_check" CHECK ("stock_transfer_lines"."received_quantity" is null or "stock_transfer_lines"."received_quantity" between 0 and "stock_transfer_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "stock_transfers" (
	"id" text PRIMARY KEY NOT NULL,
	"from_location_id" text NOT NULL,
	"to_location_id" text NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"order_id" text,
	"fulfilment_id" text,
	"note" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"shipped_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "stock_transfers_status_check" CHECK ("stock_transfers"."status" in ('requested', 'shipped', 'received', 'cancelled')),
	CONSTRAINT "stock_transfers_locations_check" CHECK ("stock_transfers"."from_location_id" <> "stock_transfers"."to_location_id")
);
--> statement-breakpoint
CREATE TABLE "postal_code_coordinates" (
	"country" text NOT NULL,
	"postal_code" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "postal_code_coordinates_country_postal_code_pk" PRIMARY KEY("country","postal_code"),
	CONSTRAINT "postal_code_coordinates_latitude_check" CHECK ("postal_code_coordinates"."latitude" between -90 and 90),
	CONSTRAINT "postal_code_coordinates_longitude_check" CHECK ("postal_code_coordinates"."longitude" between -180 and 180),
	CONSTRAINT "postal_code_coordinates_country_check" CHECK ("postal_code_coordinates"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "fulfilment_lines" (
	"fulfilment_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "fulfilment_lines_fulfilment_id_order_line_id_pk" PRIMARY KEY("fulfilment_id","order_line_id"),
	CONSTRAINT "fulfilment_lines_quantity_check" CHECK ("fulfilment_lines"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "fulfilments" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"method" text NOT NULL,
	"status" text NOT NULL,
	"source_location_id" text NOT NULL,
	"pickup_location_id" text,
	"transfer_id" text,
	"routing_reason" text NOT NULL,
	"pickup_code" text,
	"carrier" text,
	"tracking_number" text,
	"shipping_fee" integer DEFAULT 0 NOT NULL,
	"captured_at" timestamp with time zone,
	"handled_by_staff_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fulfilments_method_check" CHECK ("fulfilments"."method" in ('ship', 'click_and_collect', 'reserve_in_store', 'ship_from_store', 'endless_aisle', 'in_store')),
	CONSTRAINT "fulfilments_status_check" CHECK ("fulfilments"."status" in ('allocated', 'picking', 'in_transit', 'ready_for_pickup', 'shipped', 'delivered', 'collected', 'cancelled')),
	CONSTRAINT "fulfilments_pickup_check" CHECK (("fulfilments"."method" in ('click_and_collect', 'reserve_in_store')) <= ("fulfilments"."pickup_location_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "order_history" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"fulfilment_id" text,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"position" integer NOT NULL,
	"variant_id" text NOT NULL,
	"product_id" text NOT NULL,
	"sku" text NOT NULL,
	"title" jsonb NOT NULL,
	"options" jsonb NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" integer NOT NULL,
	"vat_rate" integer NOT NULL,
	"line_total" integer NOT NULL,
	"returned_quantity" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "order_lines_quantity_check" CHECK ("order_lines"."quantity" > 0),
	CONSTRAINT "order_lines_total_check" CHECK ("order_lines"."line_total" = "order_lines"."unit_price" * "order_lines"."quantity"),
	CONSTRAINT "order_lines_returned_check" CHECK ("order_lines"."returned_quantity" between 0 and "order_lines"."quantity")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"number" bigint DEFAULT nextval('order_number_seq') NOT NULL,
	"channel_id" text NOT NULL,
	"placed_channel_kind" text NOT NULL,
	"placed_location_id" text,
	"placed_by_staff_id" text,
	"device_id" text,
	"customer_id" text,
	"contact" jsonb NOT NULL,
	"cart_id" text,
	"status" text NOT NULL,
	"currency" text NOT NULL,
	"subtotal" integer NOT NULL,
	"shipping_total" integer NOT NULL,
	"tax_total" integer NOT NULL,
	"total" integer NOT NULL,
	"vat_breakdown" jsonb NOT NULL,
	"shipping_address" jsonb,
	"attributed_location_id" text,
	"attribution_reason" text NOT NULL,
	"hold_expires_at" timestamp with time zone,
	"note" text,
	"cancel_reason" text,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_status_check" CHECK ("orders"."status" in ('placed', 'paid', 'allocated', 'picking', 'ready_for_pickup', 'shipped', 'partially_fulfilled', 'delivered', 'collected', 'closed', 'cancelled')),
	CONSTRAINT "orders_totals_check" CHECK ("orders"."total" = "orders"."subtotal" + "orders"."shipping_total" and "orders"."subtotal" >= 0 and "orders"."shipping_total" >= 0 and "orders"."tax_total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payment_operations" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" integer NOT NULL,
	"outcome" text NOT NULL,
	"provider_reference" text,
	"idempotency_key" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"method" text NOT NULL,
	"provider" text NOT NULL,
	"provider_reference" text,
	"status" text NOT NULL,
	"amount" integer NOT NULL,
	"captured_amount" integer DEFAULT 0 NOT NULL,
	"refunded_amount" integer DEFAULT 0 NOT NULL,
	"currency" text NOT NULL,
	"card_brand" text,
	"card_last4" text,
	"tendered_amount" integer,
	"taken_at_location_id" text,
	"taken_by_staff_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_method_check" CHECK ("payments"."method" in ('card', 'cash', 'card_terminal', 'store_credit', 'exchange')),
	CONSTRAINT "payments_status_check" CHECK ("payments"."status" in ('requires_action', 'authorized', 'captured', 'partially_refunded', 'refunded', 'voided', 'declined')),
	CONSTRAINT "payments_amounts_check" CHECK ("payments"."amount" > 0 and "payments"."captured_amount" between 0 and "payments"."amount" and "payments"."refunded_amount" between 0 and "payments"."captured_amount"),
	CONSTRAINT "payments_tendered_check" CHECK ("payments"."tendered_amount" is null or "payments"."tendered_amount" >= "payments"."amount")
);
--> statement-breakpoint
CREATE TABLE "return_history" (
	"id" text PRIMARY KEY NOT NULL,
	"return_id" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "return_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"return_id" text NOT NULL,
	"order_line_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"sku" text NOT NULL,
	"quantity" integer NOT NULL,
	"reason" text NOT NULL,
	"reason_note" text,
	"condition" text,
	"restocked" boolean DEFAULT false NOT NULL,
	"unit_refund" integer NOT NULL,
	"vat_rate" integer NOT NULL,
	CONSTRAINT "return_lines_quantity_check" CHECK ("return_lines"."quantity" > 0),
	CONSTRAINT "return_lines_unit_refund_check" CHECK ("return_lines"."unit_refund" >= 0),
	CONSTRAINT "return_lines_reason_check" CHECK ("return_lines"."reason" in ('wrong_size', 'not_as_described', 'damaged', 'changed_mind', 'late', 'other')),
	CONSTRAINT "return_lines_condition_check" CHECK ("return_lines"."condition" is null or "return_lines"."condition" in ('resellable', 'damaged')),
	CONSTRAINT "return_lines_restocked_check" CHECK (not "return_lines"."restocked" or "return_lines"."condition" = 'resellable')
);
--> statement-breakpoint
CREATE TABLE "return_policies" (
	"channel_id" text PRIMARY KEY NOT NULL,
	"window_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_policies_window_check" CHECK ("return_policies"."window_days" between 0 and 3650)
);
--> statement-breakpoint
CREATE TABLE "returns" (
	"id" text PRIMARY KEY NOT NULL,
	"number" bigint DEFAULT nextval('return_number_seq') NOT NULL,
	"order_id" text NOT NULL,
	"customer_id" text,
	"channel_id" text NOT NULL,
	"receiving_location_id" text,
	"method" text NOT NULL,
	"status" text NOT NULL,
	"refund_method" text NOT NULL,
	"currency" text NOT NULL,
	"goods_total" integer NOT NULL,
	"shipping_refund" integer DEFAULT 0 NOT NULL,
	"total" integer NOT NULL,
	"exchange_amount" integer DEFAULT 0 NOT NULL,
	"refunded_amount" integer DEFAULT 0 NOT NULL,
	"vat_breakdown" jsonb NOT NULL,
	"refunds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"exchange_order_id" text,
	"label_reference" text,
	"window_overridden" boolean DEFAULT false NOT NULL,
	"override_note" text,
	"note" text,
	"taken_by_staff_id" text,
	"received_by_staff_id" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_at" timestamp with time zone,
	"refunded_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "returns_status_check" CHECK ("returns"."status" in ('requested', 'received', 'refunded', 'cancelled')),
	CONSTRAINT "returns_method_check" CHECK ("returns"."method" in ('in_store', 'mail', 'phone')),
	CONSTRAINT "returns_refund_method_check" CHECK ("returns"."refund_method" in ('original_payment', 'store_credit')),
	CONSTRAINT "returns_amounts_check" CHECK ("returns"."goods_total" >= 0 and "returns"."shipping_refund" >= 0 and "returns"."total" = "returns"."goods_total" + "returns"."shipping_refund" and "returns"."exchange_amount" >= 0 and "returns"."refunded_amount" >= 0 and "returns"."exchange_amount" + "returns"."refunded_amount" <= "returns"."total"),
	CONSTRAINT "returns_settled_check" CHECK ("returns"."status" <> 'refunded' or "returns"."exchange_amount" + "returns"."refunded_amount" = "returns"."total"),
	CONSTRAINT "returns_received_check" CHECK ("returns"."status" not in ('received', 'refunded') or "returns"."receiving_location_id" is not null),
	CONSTRAINT "returns_override_check" CHECK (not "returns"."window_overridden" or "returns"."override_note" is not null)
);
--> statement-breakpoint
DROP INDEX "stock_levels_location_idx";--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(omni_unaccent(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email::text, '') || ' ' || coalesce(phone, '') || ' ' || case when phone like '+33%' then '0' || substr(phone, 4) else '' end))) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD COLUMN "safety_stock" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stock_levels" ADD COLUMN "incoming" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cart_lines" ADD CONSTRAINT "cart_lines_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "public"."carts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cart_lines" ADD CONSTRAINT "cart_lines_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_created_by_staff_id_staff_users_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_pickup_location_id_locations_id_fk" FOREIGN KEY ("pickup_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_fulfilment_locations" ADD CONSTRAINT "channel_fulfilment_locations_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "channel_fulfilment_locations" ADD CONSTRAINT "channel_fulfilment_locations_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_credit_accounts" ADD CONSTRAINT "store_credit_accounts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_credit_entries" ADD CONSTRAINT "store_credit_entries_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_identifiers" ADD CONSTRAINT "customer_identifiers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_reservations" ADD CONSTRAINT "stock_reservations_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_reservations" ADD CONSTRAINT "stock_reservations_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_transfer_id_stock_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."stock_transfers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfer_lines" ADD CONSTRAINT "stock_transfer_lines_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_from_location_id_locations_id_fk" FOREIGN KEY ("from_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_to_location_id_locations_id_fk" FOREIGN KEY ("to_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfilment_lines" ADD CONSTRAINT "fulfilment_lines_fulfilment_id_fulfilments_id_fk" FOREIGN KEY ("fulfilment_id") REFERENCES "public"."fulfilments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfilment_lines" ADD CONSTRAINT "fulfilment_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfilments" ADD CONSTRAINT "fulfilments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfilments" ADD CONSTRAINT "fulfilments_source_location_id_locations_id_fk" FOREIGN KEY ("source_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfilments" ADD CONSTRAINT "fulfilments_pickup_location_id_locations_id_fk" FOREIGN KEY ("pickup_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fulfilments" ADD CONSTRAINT "fulfilments_handled_by_staff_id_staff_users_id_fk" FOREIGN KEY ("handled_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_history" ADD CONSTRAINT "order_history_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_placed_location_id_locations_id_fk" FOREIGN KEY ("placed_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_placed_by_staff_id_staff_users_id_fk" FOREIGN KEY ("placed_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_attributed_location_id_locations_id_fk" FOREIGN KEY ("attributed_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_operations" ADD CONSTRAINT "payment_operations_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_taken_at_location_id_locations_id_fk" FOREIGN KEY ("taken_at_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_taken_by_staff_id_staff_users_id_fk" FOREIGN KEY ("taken_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_history" ADD CONSTRAINT "return_history_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_return_id_returns_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."returns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_order_line_id_order_lines_id_fk" FOREIGN KEY ("order_line_id") REFERENCES "public"."order_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_policies" ADD CONSTRAINT "return_policies_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_receiving_location_id_locations_id_fk" FOREIGN KEY ("receiving_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_exchange_order_id_orders_id_fk" FOREIGN KEY ("exchange_order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_taken_by_staff_id_staff_users_id_fk" FOREIGN KEY ("taken_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "returns" ADD CONSTRAINT "returns_received_by_staff_id_staff_users_id_fk" FOREIGN KEY ("received_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "carts_customer_status_idx" ON "carts" USING btree ("customer_id","status");--> statement-breakpoint
CREATE INDEX "carts_device_status_idx" ON "carts" USING btree ("device_id","status");--> statement-breakpoint
CREATE INDEX "carts_channel_idx" ON "carts" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "store_credit_entries_customer_idx" ON "store_credit_entries" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "customer_identifiers_customer_idx" ON "customer_identifiers" USING btree ("customer_id","kind");--> statement-breakpoint
CREATE INDEX "stock_movements_level_idx" ON "stock_movements" USING btree ("variant_id","location_id","id");--> statement-breakpoint
CREATE INDEX "stock_movements_location_idx" ON "stock_movements" USING btree ("location_id","id");--> statement-breakpoint
CREATE INDEX "stock_movements_order_idx" ON "stock_movements" USING btree ("order_id","id") WHERE "stock_movements"."order_id" is not null;--> statement-breakpoint
CREATE INDEX "stock_reservations_expiry_idx" ON "stock_reservations" USING btree ("expires_at") WHERE "stock_reservations"."status" = 'active';--> statement-breakpoint
CREATE INDEX "stock_reservations_fulfilment_idx" ON "stock_reservations" USING btree ("fulfilment_id");--> statement-breakpoint
CREATE INDEX "stock_reservations_order_idx" ON "stock_reservations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "stock_reservations_transfer_idx" ON "stock_reservations" USING btree ("transfer_id");--> statement-breakpoint
CREATE INDEX "stock_transfers_from_idx" ON "stock_transfers" USING btree ("from_location_id","id");--> statement-breakpoint
CREATE INDEX "stock_transfers_to_idx" ON "stock_transfers" USING btree ("to_location_id","id");--> statement-breakpoint
CREATE INDEX "stock_transfers_order_idx" ON "stock_transfers" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "fulfilments_order_idx" ON "fulfilments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "fulfilments_source_status_idx" ON "fulfilments" USING btree ("source_location_id","status");--> statement-breakpoint
CREATE INDEX "fulfilments_pickup_status_idx" ON "fulfilments" USING btree ("pickup_location_id","status");--> statement-breakpoint
CREATE INDEX "order_history_order_idx" ON "order_history" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "order_lines_order_idx" ON "order_lines" USING btree ("order_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_key" ON "orders" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_cart_key" ON "orders" USING btree ("cart_id");--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "orders" USING btree ("customer_id","placed_at");--> statement-breakpoint
CREATE INDEX "orders_attributed_location_idx" ON "orders" USING btree ("attributed_location_id","placed_at");--> statement-breakpoint
CREATE INDEX "orders_placed_location_idx" ON "orders" USING btree ("placed_location_id","placed_at");--> statement-breakpoint
CREATE INDEX "orders_hold_idx" ON "orders" USING btree ("hold_expires_at") WHERE "orders"."hold_expires_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_operations_idempotency_key" ON "payment_operations" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "payment_operations_payment_idx" ON "payment_operations" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "payments_order_idx" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "return_history_return_idx" ON "return_history" USING btree ("return_id","id");--> statement-breakpoint
CREATE INDEX "return_lines_return_idx" ON "return_lines" USING btree ("return_id");--> statement-breakpoint
CREATE INDEX "return_lines_order_line_idx" ON "return_lines" USING btree ("order_line_id");--> statement-breakpoint
CREATE INDEX "returns_order_idx" ON "returns" USING btree ("order_id","id");--> statement-breakpoint
CREATE INDEX "returns_customer_idx" ON "returns" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "returns_location_status_idx" ON "returns" USING btree ("receiving_location_id","status","id");--> statement-breakpoint
CREATE INDEX "returns_status_idx" ON "returns" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "customers_search_text_trgm" ON "customers" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "stock_levels_location_idx" ON "stock_levels" USING btree ("location_id","variant_id");--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_safety_stock_check" CHECK ("stock_levels"."safety_stock" >= 0);--> statement-breakpoint
ALTER TABLE "stock_levels" ADD CONSTRAINT "stock_levels_incoming_check" CHECK ("stock_levels"."incoming" >= 0);