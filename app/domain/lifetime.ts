// A crud's lifetime: the word in code (ADR 032). `ttl` stays only where something outside the code
// fixes it: the column users.default_ttl (and its Prisma field), the form fields `ttl`/`defaultTtl` (and the
// values parsed from them, `errors.ttl`) and the span attribute `app.ttl`.

/** The seven lifetimes a crud can be given (docs/product.md §1), shared by the form and the action. */
export const LIFETIME_PRESETS = [
  { value: "30-days", label: "30 days", milliseconds: 30 * 24 * 3_600_000 },
  { value: "7-days", label: "7 days", milliseconds: 7 * 24 * 3_600_000 },
  { value: "3-days", label: "3 days", milliseconds: 3 * 24 * 3_600_000 },
  { value: "1-day", label: "1 day", milliseconds: 24 * 3_600_000 },
  { value: "12-hours", label: "12 hours", milliseconds: 12 * 3_600_000 },
  { value: "3-hours", label: "3 hours", milliseconds: 3 * 3_600_000 },
  { value: "1-hour", label: "1 hour", milliseconds: 3_600_000 },
] as const;

export type Lifetime = (typeof LIFETIME_PRESETS)[number]["value"];
export const DEFAULT_LIFETIME: Lifetime = "7-days";
export const LIFETIME_VALUES = LIFETIME_PRESETS.map((preset) => preset.value) as [Lifetime, ...Lifetime[]];

export function expiresAtFor(lifetime: Lifetime, now: Date): Date {
  const preset = LIFETIME_PRESETS.find((p) => p.value === lifetime);
  if (!preset) throw new Error(`Unknown lifetime ${lifetime}`);
  return new Date(now.getTime() + preset.milliseconds);
}
