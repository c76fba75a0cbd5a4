-- Session ids at rest (issue 23): `sessions.id` held the cookie's secret itself, so a read of the table or
-- a backup handed out working sessions. The app now stores the SHA-256 (hex) of the secret and looks the
-- cookie up by that digest (app/auth/session.server.ts). Existing sessions are kept: their ids are hashed
-- here, with PostgreSQL's built-in sha256() (11+; no pgcrypto needed), exactly as the app hashes a cookie
-- (the UTF-8 bytes of the 43-character base64url secret, lower-case hex), so nobody is signed out.
-- Only rows that are not already a digest are hashed. During a rolling deploy a task of the previous
-- release no longer finds the hashed sessions (its visitors are signed out until it is replaced).
UPDATE sessions SET id = encode(sha256(convert_to(id, 'UTF8')), 'hex') WHERE id !~ '^[0-9a-f]{64}$';
