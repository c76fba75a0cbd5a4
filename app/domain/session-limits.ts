// How long a session lives (ADR 006): the sign-in code and the sessions model both follow these.

/** Absolute lifetime of a session, whatever the activity (ASVS 3.3.2 L1). */
export const SESSION_LIFETIME_MS = 30 * 24 * 3_600_000;
/** A session unused for this long is dead (docs/decisions/006-auth.md explains the choice). */
export const SESSION_IDLE_TIMEOUT_MS = 7 * 24 * 3_600_000;
/**
 * last_seen_at (with the browser and network /settings/sessions shows) is refreshed at most this
 * often, so reading a page is not a write: at most 4 small updates an hour per active session.
 */
export const LAST_SEEN_GRANULARITY_MS = 15 * 60_000;
