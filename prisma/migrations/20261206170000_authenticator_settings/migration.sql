-- Settings → Security (ADR 041): whether the account has an authenticator app (Cognito holds the secret; this
-- mirrors its state for pages that have no Cognito token), when a recovery code turned it off, the account's
-- recovery codes (scrypt hashes), and a set-up in progress (the Cognito access token it needs, kept server-side).
ALTER TABLE "users" ADD COLUMN "two_step_on_at" TIMESTAMPTZ(3),
ADD COLUMN "two_step_recovered_at" TIMESTAMPTZ(3);

CREATE TABLE "recovery_codes" (
    "id" BIGSERIAL NOT NULL,
    "user_id" UUID NOT NULL,
    "salt" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recovery_codes_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "recovery_codes_user_id_idx" ON "recovery_codes"("user_id");

ALTER TABLE "recovery_codes" ADD CONSTRAINT "recovery_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "authenticator_setups" (
    "session_id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "access_token" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "authenticator_setups_pkey" PRIMARY KEY ("session_id")
);

CREATE INDEX "authenticator_setups_expires_at_idx" ON "authenticator_setups"("expires_at");

ALTER TABLE "authenticator_setups" ADD CONSTRAINT "authenticator_setups_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "authenticator_setups" ADD CONSTRAINT "authenticator_setups_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
