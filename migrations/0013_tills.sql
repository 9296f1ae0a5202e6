CREATE TABLE "till_cash_movements" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"direction" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"staff_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "till_cash_movements_direction_check" CHECK ("till_cash_movements"."direction" in ('in', 'out')),
	CONSTRAINT "till_cash_movements_amount_check" CHECK ("till_cash_movements"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "till_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"location_id" text NOT NULL,
	"register" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"currency" text NOT NULL,
	"float_amount" bigint NOT NULL,
	"opened_by_staff_id" text,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_by_staff_id" text,
	"closed_at" timestamp with time zone,
	"counted_amount" bigint,
	"expected_amount" bigint,
	"variance" bigint,
	"close_note" text,
	"z_report" jsonb,
	CONSTRAINT "till_sessions_status_check" CHECK ("till_sessions"."status" in ('open', 'closed')),
	CONSTRAINT "till_sessions_float_check" CHECK ("till_sessions"."float_amount" >= 0),
	CONSTRAINT "till_sessions_closed_check" CHECK (("till_sessions"."status" = 'closed') = ("till_sessions"."closed_at" is not null and "till_sessions"."counted_amount" is not null and "till_sessions"."expected_amount" is not null and "till_sessions"."variance" is not null and "till_sessions"."z_report" is not null)),
	CONSTRAINT "till_sessions_variance_check" CHECK ("till_sessions"."variance" is null or "till_sessions"."variance" = "till_sessions"."counted_amount" - "till_sessions"."expected_amount"),
	CONSTRAINT "till_sessions_counted_check" CHECK ("till_sessions"."counted_amount" is null or "till_sessions"."counted_amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "till_cash_movements" ADD CONSTRAINT "till_cash_movements_session_id_till_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."till_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_cash_movements" ADD CONSTRAINT "till_cash_movements_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_sessions" ADD CONSTRAINT "till_sessions_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_sessions" ADD CONSTRAINT "till_sessions_opened_by_staff_id_staff_users_id_fk" FOREIGN KEY ("opened_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "till_sessions" ADD CONSTRAINT "till_sessions_closed_by_staff_id_staff_users_id_fk" FOREIGN KEY ("closed_by_staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "till_cash_movements_session_idx" ON "till_cash_movements" USING btree ("session_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "till_sessions_open_register_key" ON "till_sessions" USING btree ("location_id","register") WHERE "till_sessions"."status" = 'open';--> statement-breakpoint
CREATE INDEX "till_sessions_location_idx" ON "till_sessions" USING btree ("location_id","register","opened_at");--> statement-breakpoint
CREATE INDEX "payments_taken_at_idx" ON "payments" USING btree ("taken_at_location_id","created_at");