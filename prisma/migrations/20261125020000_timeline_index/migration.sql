-- DropIndex
DROP INDEX "cruds_reply_to_id_created_at_idx";

-- CreateIndex
CREATE INDEX "cruds_created_at_idx" ON "cruds"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "cruds_reply_to_id_created_at_idx" ON "cruds"("reply_to_id", "created_at", "id");

