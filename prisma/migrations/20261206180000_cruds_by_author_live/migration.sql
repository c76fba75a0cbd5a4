-- The per-author index also carries each crud's expiry and reply target (trailing the key, so they order nothing:
-- id is unique). A page of an author's live top-level cruds (the Following tab up to 200 follows, a profile page,
-- the profile's crud count) then tells a live crud from an expired one the purge has not deleted yet without
-- reading the table row: an index-only scan (ADR 045).
-- DropIndex
DROP INDEX "cruds_user_id_created_at_idx";

-- CreateIndex
CREATE INDEX "cruds_user_id_created_at_idx" ON "cruds"("user_id", "created_at" DESC, "id" DESC, "expires_at", "reply_to_id");
