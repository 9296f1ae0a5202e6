-- Custom SQL migration file, put your code below! --
-- Idempotency records written before replays were barred from holding secrets may keep one in their stored answer
-- (an API key, a kiosk or login token, a webhook signing secret, a gift card's PIN): forget every record of a route
-- that mints a credential. Paths are stored as requested, so a query string may follow.
DELETE FROM "idempotency_keys"
WHERE "method" = 'POST'
  AND (
    "path" ~ '^/v1/auth/(staff/login|customers/login|customers/register|anonymous)(\?|$)'
    OR "path" ~ '^/v1/staff/[^/?]+/keys(\?|$)'
    OR "path" ~ '^/v1/channels/[^/?]+/kiosk-devices(\?|$)'
    OR "path" ~ '^/v1/webhooks(/[^/?]+/rotate-secret)?(\?|$)'
    OR "path" ~ '^/v1/gift-cards(\?|$)'
  );
