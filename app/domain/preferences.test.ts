import { describe, expect, it } from "vitest";
import { AppearanceSchema, canonicalTimeZone, preferredLifetime, PreferencesSchema, timeZoneCookie, timeZoneFromCookie, timeZoneOptions } from "./preferences";

describe("canonicalTimeZone", () => {
  it("accepts the engine's zones in their canonical spelling", () => {
    expect(canonicalTimeZone("Europe/Paris")).toBe("Europe/Paris");
    expect(canonicalTimeZone(" europe/paris ")).toBe("Europe/Paris");
    expect(canonicalTimeZone("Etc/UTC")).toBe("UTC");
    expect(canonicalTimeZone("US/Eastern")).toBe("America/New_York");
  });
  it("refuses unknown zones, offsets and anything else", () => {
    for (const bad of ["Mars/Olympus_Mons", "+05:30", "", "Europe/Paris; DROP TABLE users", "x".repeat(200), "../../etc/passwd"]) {
      expect(canonicalTimeZone(bad), bad).toBeUndefined();
    }
  });
});

describe("PreferencesSchema", () => {
  it("parses a preset and a zone", () => {
    expect(PreferencesSchema.parse({ defaultTtl: "1-hour", timeZone: "asia/tokyo" })).toEqual({ defaultTtl: "1-hour", timeZone: "Asia/Tokyo" });
  });
  it("says what is wrong with each field", () => {
    const result = PreferencesSchema.safeParse({ defaultTtl: "forever", timeZone: "Mars/Base" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["defaultTtl", "Choose one of the lifetimes in the list"],
      ["timeZone", "Choose a time zone from the list"],
    ]);
  });
});

it("offers UTC first and every zone the engine knows, and a stored one it may not list", () => {
  const zones = timeZoneOptions("Asia/Calcutta");
  expect(zones[0]).toBe("UTC");
  expect(zones).toContain("Europe/Paris");
  expect(zones).toContain("Asia/Calcutta");
  expect(new Set(zones).size).toBe(zones.length);
  expect(zones.every((zone) => canonicalTimeZone(zone) !== undefined)).toBe(true);
});

it("falls back to the app's default lifetime when none (or a retired one) is stored", () => {
  expect(preferredLifetime(null)).toBe("7-days");
  expect(preferredLifetime("3-hours")).toBe("3-hours");
  expect(preferredLifetime("1-year")).toBe("7-days");
});

describe("timeZoneFromCookie", () => {
  it("reads a known zone, canonical", () => {
    expect(timeZoneFromCookie("a=1; tz=Asia%2FTokyo; b=2")).toBe("Asia/Tokyo");
    expect(timeZoneFromCookie("tz=europe/paris")).toBe("Europe/Paris");
  });
  it("ignores a missing, unknown, malformed or oversized zone", () => {
    for (const header of [null, "", "a=1", "tz=Mars%2FBase", "tz=%E0%A4%A", `tz=${"A".repeat(65)}`, `tz=${"%41".repeat(200)}`, "tz=+05:30", "xtz=UTC"]) {
      expect(timeZoneFromCookie(header), String(header)).toBeUndefined();
    }
  });
  it("writes what it reads", () => {
    expect(timeZoneFromCookie(timeZoneCookie("America/Port-au-Prince", { secure: true }).split(";")[0])).toBe("America/Port-au-Prince");
  });
});

describe("AppearanceSchema", () => {
  it("takes system, dark or light and nothing else", () => {
    expect(AppearanceSchema.parse({ theme: "light" })).toEqual({ theme: "light" });
    expect(AppearanceSchema.safeParse({ theme: "blue" }).error?.issues[0]?.message).toBe("Choose system, dark or light");
  });
});
