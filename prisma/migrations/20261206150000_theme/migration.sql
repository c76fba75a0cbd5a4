-- Settings → Appearance (ADR 037): each account's theme; `system` (the default) follows the device.
-- A constant default: PostgreSQL adds the column without rewriting the table.
CREATE TYPE "theme" AS ENUM ('system', 'dark', 'light');

ALTER TABLE "users" ADD COLUMN "theme" "theme" NOT NULL DEFAULT 'system';
