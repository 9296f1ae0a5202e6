-- Extensions both engines ship (PGlite loads them from @electric-sql/pglite/contrib).
CREATE EXTENSION IF NOT EXISTS citext;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS cube;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS earthdistance;--> statement-breakpoint
-- Accent-insensitive full-text search: unaccent before stemming, in French and in English.
CREATE TEXT SEARCH CONFIGURATION omni_french (COPY = french);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION omni_french ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION omni_english (COPY = english);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION omni_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;--> statement-breakpoint
-- unaccent() is only STABLE; indexes need an IMMUTABLE wrapper that names its dictionary.
CREATE OR REPLACE FUNCTION omni_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
