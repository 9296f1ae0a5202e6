-- Gives every customer that existed before customer_identifiers its email and phone identifiers.
-- Emails are lower-cased, as the application writes them. Phones are brought to E.164 with the application's default
-- region (FR): "+33 6 12…" and "0033 6 12…" keep their country code, a ten-digit "06 12…" becomes +33; anything else
-- that does not end up as a plausible E.164 number is left without an identifier rather than guessed.
-- ON CONFLICT DO NOTHING: when two legacy profiles share a phone, the oldest keeps it (one identifier, one person).
INSERT INTO "customer_identifiers" ("customer_id", "kind", "value", "created_at")
SELECT "id", 'email', lower("email"::text), "created_at" FROM "customers" WHERE "email" IS NOT NULL
ORDER BY "created_at", "id"
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "customer_identifiers" ("customer_id", "kind", "value", "created_at")
SELECT "id", 'phone', "e164", "created_at"
FROM (
  SELECT "id", "created_at", CASE
    WHEN btrim("phone") LIKE '+%' THEN '+' || "digits"
    WHEN "digits" LIKE '00%' THEN '+' || substr("digits", 3)
    WHEN "digits" ~ '^0[1-9][0-9]{8}$' THEN '+33' || substr("digits", 2)
  END AS "e164"
  FROM (SELECT "id", "created_at", "phone", regexp_replace("phone", '[^0-9]', '', 'g') AS "digits" FROM "customers" WHERE "phone" IS NOT NULL) AS "raw"
) AS "normalised"
WHERE "e164" ~ '^\+[1-9][0-9]{7,14}$'
ORDER BY "created_at", "id"
ON CONFLICT DO NOTHING;
