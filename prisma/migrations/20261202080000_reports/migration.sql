-- Reports and moderation (SPEC §10, ADR 019): users get a role and a suspension time; reports keep a
-- snapshot of what was reported (cleared or deleted by the purge after 30 days, SPEC §2); moderation_actions
-- records who did what when.
-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('user', 'moderator');

-- CreateEnum
CREATE TYPE "report_reason" AS ENUM ('spam', 'harassment', 'illegal', 'other');

-- CreateEnum
CREATE TYPE "report_status" AS ENUM ('open', 'removed', 'suspended', 'dismissed');

-- CreateEnum
CREATE TYPE "moderation_kind" AS ENUM ('remove', 'suspend', 'unsuspend', 'dismiss');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "role" "user_role" NOT NULL DEFAULT 'user',
ADD COLUMN     "suspended_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "reports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "reporter_id" UUID NOT NULL,
    "reason" "report_reason" NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "crud_id" UUID,
    "target_user_id" UUID NOT NULL,
    "snapshot_text" TEXT,
    "snapshot_handle" TEXT,
    "snapshot_display_name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "report_status" NOT NULL DEFAULT 'open',
    "resolved_by" UUID,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "moderation_actions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "moderator_id" UUID,
    "kind" "moderation_kind" NOT NULL,
    "report_id" UUID,
    "target_user_id" UUID,
    "crud_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moderation_actions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reports_status_created_at_idx" ON "reports"("status", "created_at");

-- CreateIndex
CREATE INDEX "reports_crud_id_idx" ON "reports"("crud_id");

-- CreateIndex
CREATE INDEX "reports_target_user_id_idx" ON "reports"("target_user_id");

-- CreateIndex
CREATE INDEX "reports_reporter_id_idx" ON "reports"("reporter_id");

-- CreateIndex
CREATE INDEX "reports_resolved_by_idx" ON "reports"("resolved_by");

-- CreateIndex
CREATE INDEX "moderation_actions_report_id_idx" ON "moderation_actions"("report_id");

-- CreateIndex
CREATE INDEX "moderation_actions_moderator_id_idx" ON "moderation_actions"("moderator_id");

-- CreateIndex
CREATE INDEX "moderation_actions_target_user_id_idx" ON "moderation_actions"("target_user_id");

-- CreateIndex
CREATE INDEX "moderation_actions_created_at_idx" ON "moderation_actions"("created_at");

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_id_fkey" FOREIGN KEY ("reporter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_target_user_id_fkey" FOREIGN KEY ("target_user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_resolved_by_fkey" FOREIGN KEY ("resolved_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_crud_id_fkey" FOREIGN KEY ("crud_id") REFERENCES "cruds"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_moderator_id_fkey" FOREIGN KEY ("moderator_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_target_user_id_fkey" FOREIGN KEY ("target_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- The app checks these first (400); the trigger keeps the data honest. A CHECK constraint would be the
-- natural tool, but Prisma 6.19's schema engine crashes while introspecting one (see the init migration).
CREATE FUNCTION "reports_validate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."reporter_id" = NEW."target_user_id" THEN
    RAISE EXCEPTION 'a user cannot report themselves' USING ERRCODE = 'check_violation';
  END IF;
  IF char_length(NEW."comment") > 500 THEN
    RAISE EXCEPTION 'a report comment has at most 500 characters' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "reports_validate" BEFORE INSERT OR UPDATE OF "reporter_id", "target_user_id", "comment" ON "reports" FOR EACH ROW EXECUTE FUNCTION "reports_validate"();
