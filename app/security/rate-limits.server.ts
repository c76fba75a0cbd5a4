// Rate limits (docs/product.md §10, docs/decisions/012-rate-limits.md): every limit of the app, and the one way
// to count against them. Counters live in PostgreSQL (`rate_limits`, through rate-limiter-flexible's
// RateLimiterPostgres on the app's own pool), so every server of the service shares them.
import { createHash } from "node:crypto";
import { isIPv6 } from "node:net";
import type { AppLoadContext } from "@remix-run/node";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { DATABASE_RETRY_AFTER_SECONDS, POOL_SINGLETON, prisma, queryRows } from "~/db.server";
import { log } from "~/observability/logger.server";
import { existingSingleton } from "~/db/singleton.server";
import { getRequestContext } from "~/observability/request-context.server";

const MINUTE = 60;
const HOUR = 60 * MINUTE;

type Limit = {
  /** Requests (or, for the failure counters, failures) allowed in one window. */
  points: number;
  /** The window in seconds: fixed, starting with the first request counted in it. */
  duration: number;
  /** What the page says, given the wait ("4 minutes"). */
  refusal: (wait: string) => string;
  /**
   * Set on the limits that bound guesses of a secret (a password, an emailed code): when the counter
   * cannot be written, the request is refused with this message (503) rather than let through uncounted.
   * Every other limit fails open (ADR 012).
   */
  failClosed?: string;
};

const CANNOT_COUNT_SIGN_INS = "Cruddur cannot count sign-in attempts right now, so this one was not tried. Please try again in a minute.";
const CANNOT_COUNT_CODES = "Cruddur cannot count code attempts right now, so this one was not tried. Please try again in a minute.";
const CANNOT_COUNT_PASSWORDS = "Cruddur cannot count password attempts right now, so this one was not tried. Please try again in a minute.";

/**
 * Every limit. "Per IP" is the client address the ALB saw (IPv6: its /64); "per email" is the address
 * typed in the form, known account or not (the answer must not tell which).
 */
export const RATE_LIMITS = {
  /** Sign-in attempts from one IP: plenty for a household behind one address, too few for password spraying. */
  signInPerIp: {
    points: 25,
    duration: 5 * MINUTE,
    refusal: (wait) => `You have tried to sign in too many times. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_SIGN_INS,
  },
  /** Wrong passwords for one email (only failures count; a sign-in clears them): guessing one account's password from many IPs. */
  signInFailuresPerEmail: {
    points: 10,
    duration: 15 * MINUTE,
    refusal: (wait) => `There have been too many wrong passwords for this account. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_SIGN_INS,
  },
  /** Authenticator codes tried at the sign-in's second step from one IP (ADR 039), right or wrong. */
  signInCodesPerIp: {
    points: 25,
    duration: 5 * MINUTE,
    refusal: (wait) => `You have tried too many sign-in codes. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_CODES,
  },
  /**
   * Wrong authenticator codes for one account, across its sign-ins (only failures count; a sign-in clears
   * them): each sign-in ends at 5 wrong codes, and this stops a stolen password from starting new ones.
   */
  wrongSignInCodesPerAccount: {
    points: 10,
    duration: 15 * MINUTE,
    refusal: (wait) => `There have been too many wrong codes for this account. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_CODES,
  },
  /** Sign-ups that reach Cognito from one IP: nobody needs more than a few accounts an hour. */
  signUpPerIp: { points: 5, duration: 30 * MINUTE, refusal: (wait) => `You have created too many accounts. Try again in ${wait}.` },

  /** Password-reset codes sent to one email: each is an email we send (mail bombing). */
  resetCodesPerEmail: { points: 5, duration: 30 * MINUTE, refusal: (wait) => `You have asked for too many password reset codes. Try again in ${wait}.` },
  /** Password-reset codes asked for from one IP, whatever the email. */
  resetCodesPerIp: { points: 5, duration: 30 * MINUTE, refusal: (wait) => `You have asked for too many password reset codes. Try again in ${wait}.` },
  /** Attempts to reset one email's password with a code (code guessing); a new code starts them afresh. */
  resetsPerEmail: {
    points: 5,
    duration: 30 * MINUTE,
    refusal: (wait) => `You have tried to reset the password too many times. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_CODES,
  },
  /** Attempts to reset a password with a code from one IP, whatever the email. */
  resetsPerIp: {
    points: 5,
    duration: 30 * MINUTE,
    refusal: (wait) => `You have tried to reset the password too many times. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_CODES,
  },
  /**
   * Wrong reset codes for one email: the 5th wrong guess voids the outstanding code, even for the right
   * one, until a new code is sent (which clears this). Lasts as long as Cognito's reset code (1 h).
   */
  wrongResetCodes: {
    points: 5,
    duration: HOUR,
    refusal: () => "That code was entered wrongly 5 times, so it no longer works, not even the right one. Ask for a new code.",
    failClosed: CANNOT_COUNT_CODES,
  },

  /** Confirmation codes re-sent to one email. */
  confirmationCodesPerEmail: { points: 5, duration: 30 * MINUTE, refusal: (wait) => `You have asked for too many confirmation codes. Try again in ${wait}.` },
  /** Confirmation codes re-sent from one IP, whatever the email. */
  confirmationCodesPerIp: { points: 5, duration: 30 * MINUTE, refusal: (wait) => `You have asked for too many confirmation codes. Try again in ${wait}.` },
  /** Attempts to confirm one email with a code; a new code starts them afresh. */
  confirmationsPerEmail: {
    points: 5,
    duration: 30 * MINUTE,
    refusal: (wait) => `You have tried to confirm the account too many times. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_CODES,
  },
  /** Attempts to confirm an account from one IP, whatever the email. */
  confirmationsPerIp: {
    points: 5,
    duration: 30 * MINUTE,
    refusal: (wait) => `You have tried to confirm an account too many times. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_CODES,
  },
  /** Wrong confirmation codes for one email: as wrongResetCodes, for as long as Cognito's confirmation code (24 h). */
  wrongConfirmationCodes: {
    points: 5,
    duration: 24 * HOUR,
    refusal: () => "That code was entered wrongly 5 times, so it no longer works, not even the right one. Ask for a new code.",
    failClosed: CANNOT_COUNT_CODES,
  },

  /** Cruds and replies by one account per minute: faster than anyone types. */
  postsPerMinute: { points: 30, duration: MINUTE, refusal: (wait) => `You have posted too many cruds. Try again in ${wait}.` },
  /** Cruds and replies by one account per 3 hours: a very busy day, not a spam bot's. */
  postsPer3Hours: { points: 300, duration: 3 * HOUR, refusal: (wait) => `You have posted too many cruds. Try again in ${wait}.` },
  /** Likes, reposts and their undoing by one account per minute (each notifies someone). */
  // Images (docs/product.md §11): each costs seconds of CPU to re-encode; Mastodon allows 30 per 30 minutes.
  uploadsPerAccount: { points: 30, duration: 30 * MINUTE, refusal: (wait) => `You have added too many images. Try again in ${wait}.` },
  // An address may be shared (a household, a campus): three accounts' worth.
  uploadsPerIp: { points: 90, duration: 30 * MINUTE, refusal: (wait) => `Too many images were added from your network. Try again in ${wait}.` },
  interactionsPerMinute: { points: 100, duration: MINUTE, refusal: (wait) => `You have liked or reposted too many cruds. Try again in ${wait}.` },
  /** Follows and unfollows by one account per minute (each follow notifies someone): follow-spam bots, not people. */
  followsPerMinute: { points: 60, duration: MINUTE, refusal: (wait) => `You have followed or unfollowed too many people. Try again in ${wait}.` },
  /** Blocks, mutes and their undoing by one account per minute: a person tidying up, not a script. */
  blocksAndMutesPerMinute: {
    points: 60,
    duration: MINUTE,
    refusal: (wait) => `You have blocked or muted too many people. Try again in ${wait}.`,
  },
  /** Direct messages sent by one account per minute. */
  messagesPerMinute: { points: 100, duration: MINUTE, refusal: (wait) => `You have sent too many messages. Try again in ${wait}.` },
  /** Reports by one account per hour: enough for a bad evening on the site, too few to flood the moderators. */
  reportsPerHour: { points: 20, duration: HOUR, refusal: (wait) => `You have sent too many reports. Try again in ${wait}.` },
  /** Lifetimes shortened by one account per minute (each one clears the page cache): a person tidying up, not a script. */
  lifetimeChangesPerMinute: {
    points: 30,
    duration: MINUTE,
    refusal: (wait) => `You have changed the lifetime of too many cruds. Try again in ${wait}.`,
  },
  /** Data exports by one account per hour: each reads everything the account has (ADR 023). */
  exportsPerHour: { points: 3, duration: HOUR, refusal: (wait) => `You have downloaded your data too many times. Try again in ${wait}.` },
  /** Password changes tried by one account (each asks Cognito to check the current password): guessing it from a stolen session. */
  passwordChangesPerAccount: {
    points: 5,
    duration: 30 * MINUTE,
    refusal: (wait) => `You have tried to change your password too many times. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_PASSWORDS,
  },
  /** Account deletions tried by one account (each checks the password with Cognito). */
  accountDeletionsPerAccount: {
    points: 5,
    duration: 30 * MINUTE,
    refusal: (wait) => `You have tried to delete your account too many times. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_PASSWORDS,
  },
  /** Settings → Security's password checks by one account (set up, turn off, new recovery codes): guessing it from a stolen session. */
  authenticatorChangesPerAccount: {
    points: 5,
    duration: 30 * MINUTE,
    refusal: (wait) => `You have tried to change two-step sign-in too many times. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_PASSWORDS,
  },
  /** First codes tried while setting up an authenticator app, right or wrong (5 per 30 minutes, as confirmation codes). */
  setupCodesPerAccount: {
    points: 5,
    duration: 30 * MINUTE,
    refusal: (wait) => `You have entered too many set-up codes. Try again in ${wait}.`,
    failClosed: CANNOT_COUNT_CODES,
  },
  /** Settings saved by one account per minute (the profile, preferences, session sign-outs): a person, not a script. */
  settingsChangesPerMinute: { points: 30, duration: MINUTE, refusal: (wait) => `You have changed your settings too many times. Try again in ${wait}.` },
  /** Searches from one IP per minute (full-text queries are the costliest reads; signed-out repeats come from the page cache). */
  searchesPerIp: { points: 60, duration: MINUTE, refusal: (wait) => `You have searched too many times. Try again in ${wait}.` },
} satisfies Record<string, Limit>;

export type LimitName = keyof typeof RATE_LIMITS;

/**
 * A refused request: the page's message and the `Retry-After` seconds. `status` is 429 over a limit, and
 * 503 when a limit that fails closed could not count the request (ADR 012).
 */
export type Refusal = { limit: LimitName; retryAfter: number; message: string; status: 429 | 503 };

const TABLE = "rate_limits";
const limiters = new Map<LimitName, RateLimiterPostgres>();

function limiter(name: LimitName): RateLimiterPostgres {
  let found = limiters.get(name);
  if (!found) {
    // db.server.ts (imported above) has created the process's pool: the counters' statements are
    // counted and timed with the request's like any other.
    const pool = existingSingleton<pg.Pool>(POOL_SINGLETON);
    if (!pool) throw new Error("the database pool is not created yet");
    const { points, duration } = RATE_LIMITS[name];
    found = new RateLimiterPostgres({
      storeClient: pool,
      storeType: "pool",
      tableName: TABLE,
      // The migration created it: no DDL at request time, and none of the library's own purge timers
      // (one per limiter); the app's purge deletes ended windows.
      tableCreated: true,
      clearExpiredByTimeout: false,
      keyPrefix: name,
      points,
      duration,
    });
    limiters.set(name, found);
  }
  return found;
}

/**
 * The counter's key: a digest, so no email or address is stored in clear and every key fits the
 * column (not anonymous: an IPv4 digest can be brute-forced; rows live a day at most).
 */
const digest = (value: string) => createHash("sha256").update(value.trim().toLowerCase()).digest("base64url");

function refusal(name: LimitName, msBeforeNext: number): Refusal {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return { limit: name, retryAfter, message: RATE_LIMITS[name].refusal(formatWait(retryAfter)), status: 429 };
}

/**
 * DECISION (ADR 012): when a counter cannot be read or written (database down, pool exhausted, timeout),
 * a limit on guesses of a secret (`failClosed`: passwords, emailed codes) refuses the request with a
 * 503: uncounted guesses under load are exactly what a burst is after. Every other limit lets the
 * request through: a counting failure must not turn posting, reading or searching into an error page,
 * and a few minutes without those limits cost less than an outage. Either way a warning is logged.
 */
function counterFailed(name: LimitName, error: unknown): Refusal | null {
  const detail = { limit: name, error: error instanceof Error ? error.message : String(error) };
  const closed = (RATE_LIMITS[name] as Limit).failClosed;
  if (!closed) {
    log("warn", "rate limit not counted: request let through", detail);
    return null;
  }
  log("warn", "rate limit not counted: request refused", detail);
  return { limit: name, retryAfter: DATABASE_RETRY_AFTER_SECONDS, message: closed, status: 503 };
}

/**
 * A QA run's request (it carries the operator's QA token, never accepted in production: ADR 042) is neither
 * counted nor refused, so a suite's many sign-ups use up no visitor's allowance and meet no refusal.
 */
const qaRun = () => getRequestContext()?.qaRun === true;

/** Takes one point, atomically (one upsert that adds it and returns the total): the refusal when the total is past the limit. */
async function consumeOne(name: LimitName, key: string): Promise<Refusal | null> {
  if (qaRun()) return null;
  try {
    await limiter(name).consume(digest(key));
    return null;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return refusal(name, rejection.msBeforeNext);
    return counterFailed(name, rejection);
  }
}

/** The refusal with the longest wait (the one the visitor must honour), or null. */
function longest(refusals: (Refusal | null)[]): Refusal | null {
  return refusals.reduce<Refusal | null>((worst, next) => (next && (!worst || next.retryAfter > worst.retryAfter) ? next : worst), null);
}

/**
 * Counts this request against every given limit (each counter sees it, refused or not, so hammering
 * does not help) and returns the refusal with the longest wait, or null when all allow it.
 */
export async function countRequest(...checks: [LimitName, string][]): Promise<Refusal | null> {
  return longest(await Promise.all(checks.map(([name, key]) => consumeOne(name, key))));
}

/**
 * For the failure counters (wrong passwords, wrong codes): takes this guess's point *before* the secret
 * is checked, in the one atomic statement that also says whether the window's guesses are spent. A
 * check followed by a count after the answer let a burst sent at once pass the check together (25
 * simultaneous guesses all reached Cognito). A guess that turns out not to be a wrong one (the right
 * password, an unconfirmed account, Cognito unreachable) gives its point back with `refundGuess`.
 */
export function takeGuess(name: LimitName, key: string): Promise<Refusal | null> {
  return consumeOne(name, key);
}

/**
 * Gives back the point `takeGuess` took, when the guess was not a wrong one: only within the window it
 * was taken in and never below zero, so a refund cannot start a new window with a credit.
 */
export async function refundGuess(name: LimitName, key: string): Promise<void> {
  if (qaRun()) return; // nothing was taken
  try {
    // The library's key: `<keyPrefix>:<key>`, the prefix being the limit's name (see `limiter`).
    await queryRows`UPDATE rate_limits SET points = points - 1 WHERE key = ${`${name}:${digest(key)}`} AND points > 0 AND expire > ${Date.now()}`;
  } catch (error) {
    // Not refunded: the guess stays counted, the safe side for a limit on guesses.
    log("warn", "rate limit not refunded", { limit: name, error: error instanceof Error ? error.message : String(error) });
  }
}

/** Whether the next request would be refused, without counting one (a page that says so before the visitor tries). */
export async function wouldRefuse(name: LimitName, key: string): Promise<Refusal | null> {
  if (qaRun()) return null;
  try {
    const counted = await limiter(name).get(digest(key));
    return counted && counted.consumedPoints >= RATE_LIMITS[name].points ? refusal(name, counted.msBeforeNext) : null;
  } catch (error) {
    log("warn", "rate limit not read", { limit: name, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

/** Forgets the failures (a sign-in succeeded; a new code was sent). */
export async function clearFailures(name: LimitName, key: string): Promise<void> {
  try {
    await limiter(name).delete(digest(key));
  } catch (error) {
    // Not cleared: the failures stay counted until their window ends (the safe side).
    log("warn", "rate limit not cleared", { limit: name, error: error instanceof Error ? error.message : String(error) });
  }
}

/** The 429 (or, for a limit that failed closed, 503) of a refused request: `data(…, tooManyRequests(refused))` or `new Response(message, tooManyRequests(refused))`. */
export function tooManyRequests(refused: Refusal): ResponseInit & { headers: Record<string, string> } {
  return { status: refused.status, headers: { "Retry-After": String(refused.retryAfter) } };
}

/** "45 seconds", "4 minutes", "3 hours": rounded up, so waiting that long is always enough. */
export function formatWait(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (seconds < MINUTE) return plural(seconds, "second");
  if (seconds < 90 * MINUTE) return plural(Math.ceil(seconds / MINUTE), "minute");
  return plural(Math.ceil(seconds / HOUR), "hour");
}

/**
 * The visitor's address as counted: Express's `req.ip` (server/index.ts passes it in the load
 * context; trust proxy is one ALB hop, so it cannot be forged), IPv4-mapped IPv6 as IPv4, and an
 * IPv6 address as its /64, which one subscriber usually holds whole.
 */
export function clientIp(context: AppLoadContext): string {
  const ip = (context.clientIp ?? "").replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (mapped) return mapped;
  if (!isIPv6(ip)) return ip || "unknown";
  const [head = "", tail] = ip.split("::");
  const front = head ? head.split(":") : [];
  const back = tail ? tail.split(":") : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill("0"), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(":")}::/64`;
}

/** Drops counters whose window has ended (run with the purge). */
export async function deleteEndedRateLimits(now = new Date()): Promise<number> {
  const { count } = await prisma.rateLimit.deleteMany({ where: { expire: { lt: BigInt(now.getTime()) } } });
  return count;
}
