-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "cognito_user_id" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "bio" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cruds" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "message" TEXT NOT NULL,
    "reply_to_id" UUID,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replies_count" INTEGER NOT NULL DEFAULT 0,
    "likes_count" INTEGER NOT NULL DEFAULT 0,
    "reposts_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "cruds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_cognito_user_id_key" ON "users"("cognito_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_handle_key" ON "users"("handle");

-- CreateIndex
CREATE INDEX "cruds_reply_to_id_created_at_idx" ON "cruds"("reply_to_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "cruds_user_id_created_at_idx" ON "cruds"("user_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "cruds_expires_at_idx" ON "cruds"("expires_at");

-- AddForeignKey
ALTER TABLE "cruds" ADD CONSTRAINT "cruds_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cruds" ADD CONSTRAINT "cruds_reply_to_id_fkey" FOREIGN KEY ("reply_to_id") REFERENCES "cruds"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Rules Prisma's schema language cannot express. (CHECK constraints would be the natural tool, but
-- Prisma 6.19's WebAssembly schema engine crashes while introspecting them, so a trigger it ignores
-- enforces them.) Handles are lower-case, so the plain unique index is unique ignoring case (SPEC §1).
CREATE FUNCTION "users_validate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."handle" !~ '^[a-z0-9_]{3,20}$' THEN
    RAISE EXCEPTION 'invalid handle %', NEW."handle" USING ERRCODE = 'check_violation';
  END IF;
  IF char_length(NEW."display_name") NOT BETWEEN 1 AND 50 OR char_length(NEW."bio") > 160 THEN
    RAISE EXCEPTION 'display name or bio out of bounds' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "users_validate" BEFORE INSERT OR UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION "users_validate"();
