CREATE TABLE "signing_keys" (
	"purpose" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wishlist_items" (
	"customer_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"channel_id" text,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wishlist_items_pkey" PRIMARY KEY("customer_id","variant_id")
);
--> statement-breakpoint
CREATE TABLE "customer_audit_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text,
	"action" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"location_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_audit_entries_action_check" CHECK ("customer_audit_entries"."action" in ('lookup', 'search', 'overview', 'export', 'erasure', 'merge', 'unmerge'))
);
--> statement-breakpoint
CREATE TABLE "customer_consent_events" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"purpose" text NOT NULL,
	"granted" boolean NOT NULL,
	"method" text NOT NULL,
	"channel_id" text,
	"location_id" text,
	"wording" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_consent_events_purpose_check" CHECK ("customer_consent_events"."purpose" in ('marketing_email', 'marketing_sms', 'marketing_phone', 'marketing_push', 'personalisation')),
	CONSTRAINT "customer_consent_events_method_check" CHECK ("customer_consent_events"."method" in ('web_form', 'account_settings', 'checkout', 'in_store', 'phone_call', 'kiosk', 'unsubscribe_link', 'import', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "customer_consents" (
	"customer_id" text NOT NULL,
	"purpose" text NOT NULL,
	"granted" boolean NOT NULL,
	"last_event_id" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_consents_pkey" PRIMARY KEY("customer_id","purpose"),
	CONSTRAINT "customer_consents_purpose_check" CHECK ("customer_consents"."purpose" in ('marketing_email', 'marketing_sms', 'marketing_phone', 'marketing_push', 'personalisation'))
);
--> statement-breakpoint
CREATE TABLE "customer_merges" (
	"id" text PRIMARY KEY NOT NULL,
	"survivor_id" text NOT NULL,
	"merged_id" text NOT NULL,
	"trigger" text NOT NULL,
	"moved" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reverted_at" timestamp with time zone,
	"reverted_by_kind" text,
	"reverted_by_id" text,
	CONSTRAINT "customer_merges_distinct_check" CHECK ("customer_merges"."survivor_id" <> "customer_merges"."merged_id"),
	CONSTRAINT "customer_merges_trigger_check" CHECK ("customer_merges"."trigger" in ('login', 'store_identification', 'order_contact', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "touchpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"customer_id" text,
	"device_id" text,
	"kind" text NOT NULL,
	"channel_id" text,
	"location_id" text,
	"subject_type" text,
	"subject_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "touchpoints_kind_check" CHECK ("touchpoints"."kind" in ('product_view', 'search', 'cart_created', 'cart_changed', 'cart_handed_off', 'cart_merged', 'checkout', 'order_placed', 'order_cancelled', 'order_collected', 'order_delivered', 'return_created', 'return_received', 'store_visit', 'kiosk_session', 'service_contact', 'message_sent', 'message_opened', 'wishlist_changed', 'identified')),
	CONSTRAINT "touchpoints_owner_check" CHECK ("touchpoints"."customer_id" is not null or "touchpoints"."device_id" is not null)
);
--> statement-breakpoint
ALTER TABLE "carts" DROP CONSTRAINT "carts_status_check";--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "merged_into_cart_id" text;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "seller_staff_id" text;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "handoff_code" text;--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "handoff_code_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "merged_into_id" text;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "guest_checkout" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "wishlist_items" ADD CONSTRAINT "wishlist_items_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishlist_items" ADD CONSTRAINT "wishlist_items_variant_id_product_variants_id_fk" FOREIGN KEY ("variant_id") REFERENCES "public"."product_variants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wishlist_items" ADD CONSTRAINT "wishlist_items_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_audit_entries" ADD CONSTRAINT "customer_audit_entries_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_audit_entries" ADD CONSTRAINT "customer_audit_entries_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_consent_events" ADD CONSTRAINT "customer_consent_events_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_consent_events" ADD CONSTRAINT "customer_consent_events_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_consent_events" ADD CONSTRAINT "customer_consent_events_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_consents" ADD CONSTRAINT "customer_consents_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_survivor_id_customers_id_fk" FOREIGN KEY ("survivor_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_merges" ADD CONSTRAINT "customer_merges_merged_id_customers_id_fk" FOREIGN KEY ("merged_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wishlist_items_customer_idx" ON "wishlist_items" USING btree ("customer_id","added_at");--> statement-breakpoint
CREATE INDEX "customer_audit_entries_customer_idx" ON "customer_audit_entries" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "customer_audit_entries_actor_idx" ON "customer_audit_entries" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "customer_consent_events_customer_idx" ON "customer_consent_events" USING btree ("customer_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "customer_merges_live_merged_key" ON "customer_merges" USING btree ("merged_id") WHERE "customer_merges"."reverted_at" is null;--> statement-breakpoint
CREATE INDEX "customer_merges_survivor_idx" ON "customer_merges" USING btree ("survivor_id","id");--> statement-breakpoint
CREATE INDEX "customer_merges_merged_idx" ON "customer_merges" USING btree ("merged_id","id");--> statement-breakpoint
CREATE INDEX "touchpoints_customer_idx" ON "touchpoints" USING btree ("customer_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "touchpoints_device_idx" ON "touchpoints" USING btree ("device_id","occurred_at") WHERE "touchpoints"."customer_id" is null;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_merged_into_cart_id_carts_id_fk" FOREIGN KEY ("merged_into_cart_id") REFERENCES "public"."carts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_seller_staff_id_staff_users_id_fk" FOREIGN KEY ("seller_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_merged_into_id_customers_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_events_customer_idx" ON "outbox_events" USING btree ("customer_id") WHERE "outbox_events"."customer_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "carts_handoff_code_key" ON "carts" USING btree ("handoff_code") WHERE "carts"."handoff_code" is not null;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_merged_check" CHECK ("carts"."status" <> 'merged' or "carts"."merged_into_cart_id" is not null);--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_handoff_code_check" CHECK (("carts"."handoff_code" is null) = ("carts"."handoff_code_expires_at" is null));--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_status_check" CHECK ("carts"."status" in ('open', 'checked_out', 'merged'));