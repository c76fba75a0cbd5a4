-- AlterEnum
ALTER TYPE "notification_kind" ADD VALUE 'follow';

-- AlterTable
ALTER TABLE "notifications" ALTER COLUMN "crud_id" DROP NOT NULL;

-- "@x followed you" points at no crud; every other kind points at one (issue 12). A trigger, not a
-- CHECK: the 6.19 engine crashes introspecting CHECK constraints (docs/decisions/002-prisma-offline.md).
-- plpgsql reads 'follow' when it runs, after this transaction has committed the new enum value.
CREATE FUNCTION "notifications_validate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW."kind" = 'follow') <> (NEW."crud_id" IS NULL) THEN
    RAISE EXCEPTION 'a follow notification has no crud, every other kind has one' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "notifications_validate" BEFORE INSERT OR UPDATE ON "notifications" FOR EACH ROW EXECUTE FUNCTION "notifications_validate"();

-- At most one unread follow notification per pair, so re-following never floods (notifyFollowed's
-- ON CONFLICT names it). Partial indexes are beyond Prisma's schema, and its drift check ignores them.
CREATE UNIQUE INDEX "notifications_unread_follow_key" ON "notifications"("recipient_id", "actor_id") WHERE "crud_id" IS NULL AND "read_at" IS NULL;

-- The purge's range scan over old read follow notifications (no crud's deletion takes them away).
CREATE INDEX "notifications_follow_created_at_idx" ON "notifications"("created_at") WHERE "crud_id" IS NULL;
