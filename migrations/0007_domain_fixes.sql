ALTER TABLE "fulfilments" ADD COLUMN "pickup_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fulfilments" ADD COLUMN "pickup_locked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "fulfilments" ADD CONSTRAINT "fulfilments_pickup_failures_check" CHECK ("fulfilments"."pickup_failures" >= 0);