import { generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pictureUrlThroughApp, pictureUrls } from "~/media/urls.server";

const { privateKey, publicKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const origin = "https://media.cruddur.test";
const signing = { keyPairId: "K2JCJMDEHXQW5F", privateKey };

/** CloudFront's URL-safe base64: + → -, = → _, / → ~. */
const fromCloudFrontBase64 = (text: string) => Buffer.from(text.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");

describe("pictureUrls", () => {
  it("without a media origin, points at the app's /media/ route", () => {
    const url = pictureUrls({});
    expect(url("cruds/k1/full.webp", { expiresAt: new Date() })).toBe("/media/cruds/k1/full.webp");
    expect(url("profiles/k2/preview.webp")).toBe("/media/profiles/k2/preview.webp");
  });

  it("with a media origin and no key, points there unsigned", () => {
    const url = pictureUrls({ origin });
    expect(url("cruds/k1/full.webp", { expiresAt: new Date() })).toBe(`${origin}/cruds/k1/full.webp`);
  });

  it("signs a crud's picture with a canned policy that expires with the crud", () => {
    const expiresAt = new Date("2027-01-02T03:04:05.987Z");
    const signed = new URL(pictureUrls({ origin, signing })("cruds/k1/full.webp", { expiresAt }));

    expect(`${signed.origin}${signed.pathname}`).toBe(`${origin}/cruds/k1/full.webp`);
    const expires = Number(signed.searchParams.get("Expires"));
    expect(expires).toBe(Math.floor(expiresAt.getTime() / 1000)); // never past the crud, not even by the rounding
    expect(signed.searchParams.get("Key-Pair-Id")).toBe(signing.keyPairId);
    expect(signed.searchParams.get("Hash-Algorithm")).toBe("SHA256");
    expect(signed.searchParams.has("Policy")).toBe(false); // canned, not custom

    // What CloudFront checks: the canned policy of this resource and expiry, signed by the key pair's private key.
    const policy = JSON.stringify({
      Statement: [{ Resource: `${origin}/cruds/k1/full.webp`, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }],
    });
    const signature = fromCloudFrontBase64(signed.searchParams.get("Signature")!);
    expect(verify("RSA-SHA256", Buffer.from(policy), publicKey, signature)).toBe(true);
    // The same signature for another resource or a later expiry does not verify.
    expect(verify("RSA-SHA256", Buffer.from(policy.replace("k1", "k2")), publicKey, signature)).toBe(false);
    expect(verify("RSA-SHA256", Buffer.from(policy.replace(String(expires), String(expires + 60))), publicKey, signature)).toBe(false);
  });

  it("leaves avatars and banners unsigned, and wants an expiry for a crud's picture", () => {
    const url = pictureUrls({ origin, signing });
    expect(url("profiles/k3/full.webp")).toBe(`${origin}/profiles/k3/full.webp`);
    expect(() => url("cruds/k1/full.webp")).toThrow(/expiry/);
  });

  it("answers the same name and expiry with the same URL, and a new expiry with a new one", () => {
    const url = pictureUrls({ origin, signing });
    const expiresAt = new Date("2027-01-02T03:04:05Z");
    const first = url("cruds/k1/full.webp", { expiresAt });
    expect(url("cruds/k1/full.webp", { expiresAt: new Date(expiresAt.getTime() + 400) })).toBe(first);
    const later = url("cruds/k1/full.webp", { expiresAt: new Date(expiresAt.getTime() + 60_000) });
    expect(later).not.toBe(first);
    expect(new URL(later).searchParams.get("Expires")).toBe(String(expiresAt.getTime() / 1000 + 60));
  });

  it("refuses a name that is not a picture's", () => {
    const url = pictureUrls({ origin });
    for (const name of ["../secret", "cruds/a b.webp", "//evil.example/x", "cruds/k?x=1"]) expect(() => url(name), name).toThrow(/Not a picture object name/);
  });

  it("gives the app's own address for what only the app may decide to show (a pending upload, to its owner)", () => {
    expect(pictureUrlThroughApp("cruds/AAAAAAAAAAAAAAAAAAAAAA/preview.webp")).toBe("/media/cruds/AAAAAAAAAAAAAAAAAAAAAA/preview.webp");
    expect(() => pictureUrlThroughApp("../etc/passwd")).toThrow(/Not a picture object name/);
  });
});
