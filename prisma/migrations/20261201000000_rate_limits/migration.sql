-- Rate limits (SPEC §10, ADR 012): the counters of rate-limiter-flexible's RateLimiterPostgres, shared by
-- every server. The table the library would create itself (it is told `tableCreated: true`, so no DDL
-- runs at request time); it inserts positionally, so the column order matters. Rows are tiny and live
-- at most a day (the purge deletes them once their window has ended).
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);
