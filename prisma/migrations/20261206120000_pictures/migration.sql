-- Pictures (docs/product.md §11, ADR 033): images on cruds, avatars and banners. A `pictures` row is written
-- before its objects are stored; deleting a row by any path (a crud deleted or purged, an account deleted, an
-- avatar replaced, a pending upload abandoned) queues its objects in `picture_deletions` through a trigger, and
-- the purge deletes them from the store. A reported crud's pictures are copied into `report_pictures`: a key a
-- report still holds is not queued until the report lets it go.
-- CreateEnum
CREATE TYPE "picture_kind" AS ENUM ('image', 'avatar', 'banner');

-- AlterTable
ALTER TABLE "cruds" ADD COLUMN     "content_warning" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sensitive" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "avatar_id" UUID,
ADD COLUMN     "banner_id" UUID;

-- CreateTable
CREATE TABLE "pictures" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "owner_id" UUID NOT NULL,
    "kind" "picture_kind" NOT NULL,
    "key" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "preview_width" INTEGER NOT NULL,
    "preview_height" INTEGER NOT NULL,
    "alt" TEXT,
    "crud_id" UUID,
    "position" SMALLINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attached_at" TIMESTAMPTZ(3),

    CONSTRAINT "pictures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "report_pictures" (
    "report_id" UUID NOT NULL,
    "position" SMALLINT NOT NULL,
    "key" TEXT NOT NULL,
    "alt" TEXT,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "preview_width" INTEGER NOT NULL,
    "preview_height" INTEGER NOT NULL,

    CONSTRAINT "report_pictures_pkey" PRIMARY KEY ("report_id","position")
);

-- CreateTable
CREATE TABLE "picture_deletions" (
    "key" TEXT NOT NULL,
    "queued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "picture_deletions_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "pictures_key_key" ON "pictures"("key");

-- CreateIndex
CREATE INDEX "pictures_attached_at_created_at_idx" ON "pictures"("attached_at", "created_at");

-- CreateIndex
CREATE INDEX "pictures_owner_id_created_at_idx" ON "pictures"("owner_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "pictures_crud_id_position_key" ON "pictures"("crud_id", "position");

-- CreateIndex
CREATE INDEX "report_pictures_key_idx" ON "report_pictures"("key");

-- CreateIndex
CREATE INDEX "picture_deletions_queued_at_idx" ON "picture_deletions"("queued_at");

-- CreateIndex
CREATE UNIQUE INDEX "users_avatar_id_key" ON "users"("avatar_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_banner_id_key" ON "users"("banner_id");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_avatar_id_fkey" FOREIGN KEY ("avatar_id") REFERENCES "pictures"("id") ON DELETE SET NULL ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_banner_id_fkey" FOREIGN KEY ("banner_id") REFERENCES "pictures"("id") ON DELETE SET NULL ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "pictures" ADD CONSTRAINT "pictures_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pictures" ADD CONSTRAINT "pictures_crud_id_fkey" FOREIGN KEY ("crud_id") REFERENCES "cruds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "report_pictures" ADD CONSTRAINT "report_pictures_report_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A crud has at most four images (IMAGES_MAX), in order; a key is the store's prefix for a picture, random and
-- path-safe. A trigger, not a CHECK: the 6.19 engine crashes introspecting CHECK constraints (ADR 002).
CREATE FUNCTION "pictures_validate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW."crud_id" IS NULL) <> (NEW."position" IS NULL) OR NEW."position" NOT BETWEEN 0 AND 3 THEN
    RAISE EXCEPTION 'an image on a crud has a position 0-3, any other picture none' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW."key" !~ '^(cruds|profiles)/[A-Za-z0-9_-]{16,64}$' THEN
    RAISE EXCEPTION 'a picture key is cruds/<random> or profiles/<random>' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "pictures_validate" BEFORE INSERT OR UPDATE ON "pictures" FOR EACH ROW EXECUTE FUNCTION "pictures_validate"();

-- Queues a picture's objects for deletion once neither a picture row nor a report holds its key.
CREATE FUNCTION "queue_picture_deletion"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "pictures" WHERE "key" = OLD."key")
     AND NOT EXISTS (SELECT 1 FROM "report_pictures" WHERE "key" = OLD."key") THEN
    INSERT INTO "picture_deletions" ("key") VALUES (OLD."key") ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "pictures_queue_deletion" AFTER DELETE ON "pictures"
  FOR EACH ROW EXECUTE FUNCTION "queue_picture_deletion"();
CREATE TRIGGER "report_pictures_queue_deletion" AFTER DELETE ON "report_pictures"
  FOR EACH ROW EXECUTE FUNCTION "queue_picture_deletion"();
