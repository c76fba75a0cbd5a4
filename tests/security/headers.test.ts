// The browser security headers (ASVS 3.4) and the session and flash cookies' attributes (3.3), on the
// production build as it runs in AWS (secure cookies). Needs `npm run build`.
import { describe, expect, it } from "vitest";
import { withProductionApp } from "../support/production-app-suite";

const app = withProductionApp({ INSECURE_COOKIES: "" });

describe("every response", () => {
  it.each(["/", "/signin", "/@nobody_here", "/api/health-check", "/favicon.svg"])("%s carries HSTS, the CSP, nosniff and a referrer policy", async (path) => {
    const response = await fetch(`${app.url}${path}`);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    const csp = response.headers.get("content-security-policy") ?? "";
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "default-src 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toMatch(/script-src 'self' 'strict-dynamic' 'nonce-[A-Za-z0-9+/=]{24}'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a refused request too", async () => {
    const response = await fetch(`${app.url}/signout`, { method: "POST", headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("the session cookie in production", () => {
  it("is __Host- prefixed, Secure, HttpOnly and SameSite=Lax", async () => {
    const response = await fetch(`${app.url}/signout`, { method: "POST", redirect: "manual" });
    expect(response.status).toBe(302);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-cruddur_session=;/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
  });
});

describe("the flash cookie in production (ADR 020)", () => {
  it("is __Host- prefixed, Secure, HttpOnly, SameSite=Lax and short-lived", async () => {
    const response = await fetch(`${app.url}/signout`, { method: "POST", redirect: "manual" });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__Host-cruddur_flash=")) ?? "";
    for (const attribute of [/; Secure/, /; HttpOnly/, /; SameSite=Lax/, /; Path=\//, /; Max-Age=60/]) expect(cookie).toMatch(attribute);
    expect(cookie).not.toMatch(/Domain=/i);
  });
});
