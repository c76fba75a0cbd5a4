/** The seven lifetimes a crud can be given (docs/product.md §1), shared by the form and the action. */
export const TTL_PRESETS = [
  { value: "30-days", label: "30 days", milliseconds: 30 * 24 * 3_600_000 },
  { value: "7-days", label: "7 days", milliseconds: 7 * 24 * 3_600_000 },
  { value: "3-days", label: "3 days", milliseconds: 3 * 24 * 3_600_000 },
  { value: "1-day", label: "1 day", milliseconds: 24 * 3_600_000 },
  { value: "12-hours", label: "12 hours", milliseconds: 12 * 3_600_000 },
  { value: "3-hours", label: "3 hours", milliseconds: 3 * 3_600_000 },
  { value: "1-hour", label: "1 hour", milliseconds: 3_600_000 },
] as const;

export type TtlValue = (typeof TTL_PRESETS)[number]["value"];
export const DEFAULT_TTL: TtlValue = "7-days";
export const TTL_VALUES = TTL_PRESETS.map((preset) => preset.value) as [TtlValue, ...TtlValue[]];

export function expiresAtFor(ttl: TtlValue, now: Date): Date {
  const preset = TTL_PRESETS.find((p) => p.value === ttl);
  if (!preset) throw new Error(`Unknown TTL ${ttl}`);
  return new Date(now.getTime() + preset.milliseconds);
}
