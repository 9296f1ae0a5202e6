ALTER TABLE "carts" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "product_variants" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_groups" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "price_lists" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "coupons" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "promotions" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_subscriptions" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Every UPDATE of a versioned row raises its version, whichever code path writes it: the ETag can never miss a write.
CREATE OR REPLACE FUNCTION omni_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$;--> statement-breakpoint
CREATE TRIGGER carts_bump_version BEFORE UPDATE ON "carts" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();--> statement-breakpoint
CREATE TRIGGER product_variants_bump_version BEFORE UPDATE ON "product_variants" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();--> statement-breakpoint
CREATE TRIGGER products_bump_version BEFORE UPDATE ON "products" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();--> statement-breakpoint
CREATE TRIGGER channels_bump_version BEFORE UPDATE ON "channels" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();--> statement-breakpoint
CREATE TRIGGER customer_groups_bump_version BEFORE UPDATE ON "customer_groups" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();--> statement-breakpoint
CREATE TRIGGER customers_bump_version BEFORE UPDATE ON "customers" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();--> statement-breakpoint
CREATE TRIGGER locations_bump_version BEFORE UPDATE ON "locations" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();--> statement-breakpoint
CREATE TRIGGER price_lists_bump_version BEFORE UPDATE ON "price_lists" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();--> statement-breakpoint
CREATE TRIGGER coupons_bump_version BEFORE UPDATE ON "coupons" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();--> statement-breakpoint
CREATE TRIGGER promotions_bump_version BEFORE UPDATE ON "promotions" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();--> statement-breakpoint
CREATE TRIGGER webhook_subscriptions_bump_version BEFORE UPDATE ON "webhook_subscriptions" FOR EACH ROW EXECUTE FUNCTION omni_bump_version();
