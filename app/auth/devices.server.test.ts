import { describe, expect, it } from "vitest";
import { describeDevice, networkPrefix, storedUserAgent, USER_AGENT_MAX } from "./devices.server";

describe("describeDevice", () => {
  it("names the browser (major version) and the system", () => {
    expect(
      describeDevice("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"),
    ).toEqual({
      browser: "Safari 17",
      os: "iOS 17.1",
    });
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")).toMatchObject({
      browser: "Chrome 131",
      os: "Windows 10",
    });
  });

  it("says unknown for an empty or unreadable User-Agent instead of failing", () => {
    expect(describeDevice("")).toEqual({ browser: "Unknown browser", os: "unknown system" });
    expect(describeDevice("curl/8.5.0")).toEqual({ browser: "Unknown browser", os: "unknown system" });
  });
});

describe("networkPrefix", () => {
  it("keeps an IPv4 address's /24 and an IPv6 address's /48, never the address", () => {
    expect(networkPrefix("203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkPrefix("::ffff:198.51.100.9")).toBe("198.51.100.0/24");
    expect(networkPrefix("2001:db8:abcd:12:1:2:3:4")).toBe("2001:db8:abcd::/48");
    expect(networkPrefix("2001:db8::1")).toBe("2001:db8:0::/48");
    expect(networkPrefix("fe80::1%eth0")).toBe("fe80:0:0::/48");
  });

  it("is empty when there is no usable address", () => {
    expect(networkPrefix(undefined)).toBe("");
    expect(networkPrefix("not an address")).toBe("");
  });
});

it("stores at most USER_AGENT_MAX printable characters of a User-Agent", () => {
  expect(storedUserAgent("a\u0000b\nc".padEnd(2_000, "x"))).toHaveLength(USER_AGENT_MAX);
  expect(storedUserAgent("a\u0000b\nc")).toBe("abc");
  expect(storedUserAgent(null)).toBe("");
});
