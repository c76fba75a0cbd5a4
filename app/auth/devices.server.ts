// What /settings/sessions says about a session's browser: its User-Agent read by bowser (MIT, well
// kept; ua-parser-js 2 is AGPL), and its network rather than its address (ADR 022).
import Bowser from "bowser";
import { isIPv4, isIPv6 } from "node:net";

/** Longer User-Agents are cut: the column holds what a browser sends, not what a client can stuff in. */
export const USER_AGENT_MAX = 512;

export type Device = { browser: string; os: string };

/** "Chrome 131" on "macOS 15.1"; "Unknown browser" when the User-Agent says nothing we can read. */
export function describeDevice(userAgent: string): Device {
  if (!userAgent.trim()) return { browser: "Unknown browser", os: "unknown system" };
  try {
    const { browser, os } = Bowser.parse(userAgent);
    const major = browser.version?.split(".")[0];
    // Windows says "NT 10.0" where people say "10".
    const osVersion = os.name === "Windows" ? (os.versionName ?? os.version) : os.version;
    return {
      browser: browser.name ? `${browser.name}${major ? ` ${major}` : ""}` : "Unknown browser",
      os: os.name ? `${os.name}${osVersion ? ` ${osVersion}` : ""}` : "unknown system",
    };
  } catch {
    return { browser: "Unknown browser", os: "unknown system" };
  }
}

/** A request's User-Agent as stored: printable text, at most USER_AGENT_MAX characters. */
export function storedUserAgent(header: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (header ?? "").replace(/[\u0000-\u001f\u007f]/g, "").slice(0, USER_AGENT_MAX);
}

/**
 * The address's network, never the address (data minimisation; enough to tell "home" from "abroad"):
 * IPv4 as its /24 ("203.0.113.0/24"), IPv6 as its /48, IPv4-mapped IPv6 as IPv4; "" when unknown.
 */
export function networkPrefix(ip: string | null | undefined): string {
  const address = (ip ?? "").replace(/%.*$/, "").trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const v4 = mapped ?? address;
  if (isIPv4(v4)) return `${v4.split(".").slice(0, 3).join(".")}.0/24`;
  if (!isIPv6(address)) return "";
  const [head = "", tail] = address.split("::");
  const front = head ? head.split(":") : [];
  const back = tail ? tail.split(":") : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill("0"), ...back];
  return `${groups
    .slice(0, 3)
    .map((group) => parseInt(group || "0", 16).toString(16))
    .join(":")}::/48`;
}
