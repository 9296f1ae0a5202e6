CREATE TABLE "kiosk_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"device_id" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_active_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "carts" ADD COLUMN "kiosk_session_id" text;--> statement-breakpoint
ALTER TABLE "fulfilments" ADD COLUMN "pickup_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfilments" ADD COLUMN "pickup_locked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "kiosk_session_id" text;--> statement-breakpoint
ALTER TABLE "kiosk_sessions" ADD CONSTRAINT "kiosk_sessions_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kiosk_sessions_open_key" ON "kiosk_sessions" USING btree ("device_id") WHERE "kiosk_sessions"."ended_at" is null;--> statement-breakpoint
ALTER TABLE "carts" ADD CONSTRAINT "carts_kiosk_session_id_kiosk_sessions_id_fk" FOREIGN KEY ("kiosk_session_id") REFERENCES "public"."kiosk_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_kiosk_session_id_kiosk_sessions_id_fk" FOREIGN KEY ("kiosk_session_id") REFERENCES "public"."kiosk_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "carts_kiosk_session_idx" ON "carts" USING btree ("kiosk_session_id");--> statement-breakpoint
CREATE INDEX "orders_kiosk_session_idx" ON "orders" USING btree ("kiosk_session_id");--> statement-breakpoint
ALTER TABLE "fulfilments" ADD CONSTRAINT "fulfilments_pickup_failures_check" CHECK ("fulfilments"."pickup_failures" >= 0);