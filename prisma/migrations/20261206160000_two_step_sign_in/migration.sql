-- Two-step sign-in with an authenticator app (ADR 039): a sign-in between its password and its code,
-- and the codes recently accepted (replays are refused).
CREATE TABLE "pending_sign_ins" (
    "id" TEXT NOT NULL,
    "cognito_username" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "cognito_session" TEXT NOT NULL,
    "redirect_to" TEXT NOT NULL DEFAULT '/',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pending_sign_ins_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "pending_sign_ins_expires_at_idx" ON "pending_sign_ins"("expires_at");

CREATE TABLE "totp_used_codes" (
    "cognito_username" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "step" BIGINT NOT NULL,

    CONSTRAINT "totp_used_codes_pkey" PRIMARY KEY ("cognito_username","code_hash")
);
