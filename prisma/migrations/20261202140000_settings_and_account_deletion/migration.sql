-- Settings and account deletion (issue 14, ADR 022): preferences on users, the device of a session,
-- reports that outlive an account, and the deletion tombstone.

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "default_ttl" TEXT,
ADD COLUMN     "time_zone" TEXT;

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "ip_prefix" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "user_agent" TEXT NOT NULL DEFAULT '';

-- A report outlives the accounts of its reporter and of the reported user: the snapshot follows the
-- 30-day rule of ADR 019 (the purge), not the account.
-- AlterTable
ALTER TABLE "reports" ALTER COLUMN "reporter_id" DROP NOT NULL,
ALTER COLUMN "target_user_id" DROP NOT NULL;

-- DropForeignKey
ALTER TABLE "reports" DROP CONSTRAINT "reports_reporter_id_fkey";

-- DropForeignKey
ALTER TABLE "reports" DROP CONSTRAINT "reports_target_user_id_fkey";

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_id_fkey" FOREIGN KEY ("reporter_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_target_user_id_fkey" FOREIGN KEY ("target_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "account_deletions" (
    "cognito_user_id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cognito_deleted_at" TIMESTAMPTZ(3),
    "rows_deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "account_deletions_pkey" PRIMARY KEY ("cognito_user_id")
);

-- The preferences' values, as the app checks them (app/utils/preferences.ts); a trigger rather than a
-- CHECK (Prisma 6.19's schema engine crashes on CHECK constraints, ADR 002). The zone is checked for its
-- shape only: which names exist is the JavaScript engine's knowledge (Intl), checked by the app.
CREATE OR REPLACE FUNCTION "users_validate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."handle" !~ '^[a-z0-9_]{3,20}$' THEN
    RAISE EXCEPTION 'invalid handle %', NEW."handle" USING ERRCODE = 'check_violation';
  END IF;
  IF char_length(NEW."display_name") NOT BETWEEN 1 AND 50 OR char_length(NEW."bio") > 160 THEN
    RAISE EXCEPTION 'display name or bio out of bounds' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."default_ttl" IS NOT NULL AND NEW."default_ttl" NOT IN ('30-days', '7-days', '3-days', '1-day', '12-hours', '3-hours', '1-hour') THEN
    RAISE EXCEPTION 'invalid default lifetime %', NEW."default_ttl" USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."time_zone" IS NOT NULL AND NEW."time_zone" !~ '^[A-Za-z][A-Za-z0-9_+/-]{0,63}$' THEN
    RAISE EXCEPTION 'invalid time zone %', NEW."time_zone" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
