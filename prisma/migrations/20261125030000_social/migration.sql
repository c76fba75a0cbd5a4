-- CreateEnum
CREATE TYPE "notification_kind" AS ENUM ('reply', 'like', 'repost', 'mention');

-- CreateTable
CREATE TABLE "likes" (
    "user_id" UUID NOT NULL,
    "crud_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "likes_pkey" PRIMARY KEY ("user_id","crud_id")
);

-- CreateTable
CREATE TABLE "reposts" (
    "user_id" UUID NOT NULL,
    "crud_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reposts_pkey" PRIMARY KEY ("user_id","crud_id")
);

-- CreateTable
CREATE TABLE "crud_tags" (
    "crud_id" UUID NOT NULL,
    "tag" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "crud_tags_pkey" PRIMARY KEY ("crud_id","tag")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "recipient_id" UUID NOT NULL,
    "actor_id" UUID NOT NULL,
    "kind" "notification_kind" NOT NULL,
    "crud_id" UUID NOT NULL,
    "source_crud_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversations" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_a_id" UUID NOT NULL,
    "user_b_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_message_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_a_read_at" TIMESTAMPTZ(3),
    "user_b_read_at" TIMESTAMPTZ(3),

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "conversation_id" UUID NOT NULL,
    "sender_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "likes_crud_id_idx" ON "likes"("crud_id");

-- CreateIndex
CREATE INDEX "reposts_crud_id_idx" ON "reposts"("crud_id");

-- CreateIndex
CREATE INDEX "reposts_created_at_idx" ON "reposts"("created_at" DESC);

-- CreateIndex
CREATE INDEX "reposts_user_id_created_at_idx" ON "reposts"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "crud_tags_tag_created_at_idx" ON "crud_tags"("tag", "created_at" DESC);

-- CreateIndex
CREATE INDEX "crud_tags_created_at_idx" ON "crud_tags"("created_at");

-- CreateIndex
CREATE INDEX "notifications_recipient_id_created_at_idx" ON "notifications"("recipient_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "notifications_recipient_id_read_at_idx" ON "notifications"("recipient_id", "read_at");

-- CreateIndex
CREATE INDEX "notifications_crud_id_idx" ON "notifications"("crud_id");

-- CreateIndex
CREATE INDEX "notifications_source_crud_id_idx" ON "notifications"("source_crud_id");

-- CreateIndex
CREATE INDEX "conversations_user_a_id_last_message_at_idx" ON "conversations"("user_a_id", "last_message_at" DESC);

-- CreateIndex
CREATE INDEX "conversations_user_b_id_last_message_at_idx" ON "conversations"("user_b_id", "last_message_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "conversations_user_a_id_user_b_id_key" ON "conversations"("user_a_id", "user_b_id");

-- CreateIndex
CREATE INDEX "messages_conversation_id_created_at_idx" ON "messages"("conversation_id", "created_at");

-- AddForeignKey
ALTER TABLE "likes" ADD CONSTRAINT "likes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "likes" ADD CONSTRAINT "likes_crud_id_fkey" FOREIGN KEY ("crud_id") REFERENCES "cruds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reposts" ADD CONSTRAINT "reposts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reposts" ADD CONSTRAINT "reposts_crud_id_fkey" FOREIGN KEY ("crud_id") REFERENCES "cruds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crud_tags" ADD CONSTRAINT "crud_tags_crud_id_fkey" FOREIGN KEY ("crud_id") REFERENCES "cruds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_crud_id_fkey" FOREIGN KEY ("crud_id") REFERENCES "cruds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_source_crud_id_fkey" FOREIGN KEY ("source_crud_id") REFERENCES "cruds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_user_a_id_fkey" FOREIGN KEY ("user_a_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_user_b_id_fkey" FOREIGN KEY ("user_b_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_sender_id_fkey" FOREIGN KEY ("sender_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Full-text search over live cruds (issue 5). An expression index: Prisma's schema cannot express it
-- and its drift check ignores it. 'simple' keeps words as typed (no stemming), fit for short posts in
-- any language; queries must use the same expression to use the index.
CREATE INDEX "cruds_message_fts_idx" ON "cruds" USING GIN (to_tsvector('simple', "message"));
-- A conversation's two participants are stored in a fixed order, so a pair has exactly one row.
CREATE FUNCTION "conversations_validate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."user_a_id" >= NEW."user_b_id" THEN
    RAISE EXCEPTION 'user_a_id must sort before user_b_id' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "conversations_validate" BEFORE INSERT OR UPDATE ON "conversations" FOR EACH ROW EXECUTE FUNCTION "conversations_validate"();
-- Messages are at most 1024 characters (issue 5), whatever writes them.
CREATE FUNCTION "messages_validate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF char_length(NEW."body") NOT BETWEEN 1 AND 1024 THEN
    RAISE EXCEPTION 'message length out of bounds' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "messages_validate" BEFORE INSERT OR UPDATE ON "messages" FOR EACH ROW EXECUTE FUNCTION "messages_validate"();
