-- Follows (SPEC §10, ADR 016): one click, no approval. The Following timeline reads the primary key
-- (follower_id, followee_id) for a follower's followees; the two indexes list followers and followees newest first.
-- CreateTable
CREATE TABLE "follows" (
    "follower_id" UUID NOT NULL,
    "followee_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "follows_pkey" PRIMARY KEY ("follower_id","followee_id")
);

-- CreateIndex
CREATE INDEX "follows_followee_id_created_at_idx" ON "follows"("followee_id", "created_at" DESC, "follower_id" DESC);

-- CreateIndex
CREATE INDEX "follows_follower_id_created_at_idx" ON "follows"("follower_id", "created_at" DESC, "followee_id" DESC);

-- AddForeignKey
ALTER TABLE "follows" ADD CONSTRAINT "follows_follower_id_fkey" FOREIGN KEY ("follower_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follows" ADD CONSTRAINT "follows_followee_id_fkey" FOREIGN KEY ("followee_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Nobody follows themselves (the app answers 400 first; this keeps the data honest). A CHECK constraint
-- would be the natural tool, but Prisma 6.19's WebAssembly schema engine crashes while introspecting
-- one (see the init migration), so a trigger it ignores raises the same check_violation.
CREATE FUNCTION "follows_not_self"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."follower_id" = NEW."followee_id" THEN
    RAISE EXCEPTION 'a user cannot follow themselves' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "follows_not_self" BEFORE INSERT OR UPDATE ON "follows" FOR EACH ROW EXECUTE FUNCTION "follows_not_self"();
