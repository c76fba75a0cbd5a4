// What never leaves the process in a log line or an error report: passwords, codes, tokens,
// cookies, authorization headers, secrets. Keys are matched case-insensitively.

/** Field names for Rollbar's own scrubber (`scrubFields`); `isSensitiveKey` below is the wider net. */
export const SCRUB_FIELDS = [
  "password",
  "confirmPassword",
  "newPassword",
  "currentPassword",
  "code",
  "token",
  "accessToken",
  "access_token",
  "idToken",
  "id_token",
  "refreshToken",
  "refresh_token",
  "secret",
  "cookie",
  "session",
];
export const SCRUB_HEADERS = ["authorization", "cookie", "set-cookie", "x-amzn-oidc-data", "x-amzn-oidc-accesstoken", "proxy-authorization"];

const SENSITIVE = /pass(word|wd|phrase)?$|password|secret|token|authorization|cookie|session|credential|api[-_]?key|oidc|^code$|^pw$/i;
export const SCRUBBED = "[scrubbed]";

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE.test(key);
}

/** A URL (absolute or a path) with the values of sensitive query parameters replaced. */
export function scrubUrl(url: string): string {
  const query = url.indexOf("?");
  if (query < 0) return url;
  const hash = url.indexOf("#", query);
  const params = new URLSearchParams(url.slice(query + 1, hash < 0 ? undefined : hash));
  let changed = false;
  for (const key of new Set(params.keys())) {
    if (isSensitiveKey(key)) {
      params.set(key, SCRUBBED);
      changed = true;
    }
  }
  return changed ? `${url.slice(0, query)}?${params.toString()}${hash < 0 ? "" : url.slice(hash)}` : url;
}

/** A deep copy of `value` with every sensitive key's value and every URL query secret replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.includes("?") && value.includes("=") ? scrubUrl(value) : value;
  if (value === null || typeof value !== "object" || depth > 12) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error || value instanceof Date) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = isSensitiveKey(key) ? SCRUBBED : redact(item, depth + 1);
  return copy;
}
