-- User search (issue 5): prefix matches on the handle or the display name, ignoring case
-- (app/models/search.server.ts). text_pattern_ops lets `LIKE 'abc%'` use a btree whatever the
-- database's collation. Expression indexes: Prisma's schema cannot express them and its drift
-- check ignores them; queries must use the same expressions.
CREATE INDEX "users_handle_prefix_idx" ON "users" (lower("handle") text_pattern_ops);
CREATE INDEX "users_display_name_prefix_idx" ON "users" (lower("display_name") text_pattern_ops);
