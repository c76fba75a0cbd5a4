-- Blocks and mutes (SPEC §10, ADR 018). The read filters probe the primary keys (and, for "who blocks me",
-- blocks_blocked_id_blocker_id_idx); the settings pages list by (owner, created_at DESC).
-- CreateTable
CREATE TABLE "blocks" (
    "blocker_id" UUID NOT NULL,
    "blocked_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "blocks_pkey" PRIMARY KEY ("blocker_id","blocked_id")
);

-- CreateTable
CREATE TABLE "mutes" (
    "muter_id" UUID NOT NULL,
    "muted_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mutes_pkey" PRIMARY KEY ("muter_id","muted_id")
);

-- CreateIndex
CREATE INDEX "blocks_blocked_id_blocker_id_idx" ON "blocks"("blocked_id", "blocker_id");

-- CreateIndex
CREATE INDEX "blocks_blocker_id_created_at_idx" ON "blocks"("blocker_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "mutes_muted_id_idx" ON "mutes"("muted_id");

-- CreateIndex
CREATE INDEX "mutes_muter_id_created_at_idx" ON "mutes"("muter_id", "created_at" DESC);

-- AddForeignKey
ALTER TABLE "blocks" ADD CONSTRAINT "blocks_blocker_id_fkey" FOREIGN KEY ("blocker_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "blocks" ADD CONSTRAINT "blocks_blocked_id_fkey" FOREIGN KEY ("blocked_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mutes" ADD CONSTRAINT "mutes_muter_id_fkey" FOREIGN KEY ("muter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mutes" ADD CONSTRAINT "mutes_muted_id_fkey" FOREIGN KEY ("muted_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Nobody blocks or mutes themselves (the app answers 400 first). A trigger rather than a CHECK: Prisma
-- 6.19's WebAssembly schema engine crashes while introspecting one (see the follows migration).
CREATE FUNCTION "blocks_not_self"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."blocker_id" = NEW."blocked_id" THEN
    RAISE EXCEPTION 'a user cannot block themselves' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "blocks_not_self" BEFORE INSERT OR UPDATE ON "blocks" FOR EACH ROW EXECUTE FUNCTION "blocks_not_self"();

CREATE FUNCTION "mutes_not_self"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."muter_id" = NEW."muted_id" THEN
    RAISE EXCEPTION 'a user cannot mute themselves' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "mutes_not_self" BEFORE INSERT OR UPDATE ON "mutes" FOR EACH ROW EXECUTE FUNCTION "mutes_not_self"();
