// The data export over HTTP, against the production build (`npm run build`): the page, the download
// (a POST; an attachment, never cached, streamed in chunks), the hourly limit (the refusal shown on
// the page as a 429), signed out, and a GET that downloads nothing. What the document holds, and
// what it must never hold, is app/routes-support/account-export.server.test.ts; the cross-origin suite
// covers the POST from other sites.
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

const app = withProductionApp();

const download = (cookie?: string, headers: Record<string, string> = {}) =>
  fetch(`${app.url}/settings/export/download`, {
    method: "POST",
    body: new URLSearchParams({ intent: "export" }),
    headers: { ...(cookie ? { cookie } : {}), ...headers },
    redirect: "manual",
  });

describe("the data export", () => {
  it("downloads the account as a streamed JSON attachment that no cache keeps", async () => {
    const ana = await createUser({ handle: "export_ana" });
    const cookie = await sessionCookie(ana.id);
    const page = await fetch(`${app.url}/settings/export`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/settings/export/download"');
    expect(html).toContain("Download your data");
    // Enough rows for several pages of the export.
    const expiresAt = new Date(Date.now() + 3_600_000);
    await prisma.crud.createMany({ data: Array.from({ length: 2_500 }, (_, n) => ({ userId: ana.id, message: `crud ${n} ${"x".repeat(200)}`, expiresAt })) });

    const response = await download(cookie, { "accept-encoding": "identity" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="cruddur-export_ana-${new Date().toISOString().slice(0, 10)}.json"`);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    // Streamed: no length known up front, the body in several pieces.
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let pieces = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      text += decoder.decode(next.value, { stream: true });
      pieces++;
    }
    expect(pieces).toBeGreaterThan(1);
    const json = JSON.parse(text) as { format: string; version: number; account: { handle: string }; cruds: unknown[]; complete: boolean };
    expect(json).toMatchObject({ format: "cruddur-account-export", version: 1, account: { handle: "export_ana" }, complete: true });
    expect(json.cruds).toHaveLength(2_500);
  });

  it("is compressed when the browser accepts it, and still whole", async () => {
    const bo = await createUser({ handle: "export_bo" });
    await createCrud(bo.id, { message: "x".repeat(280) });
    const response = await download(await sessionCookie(bo.id), { "accept-encoding": "gzip" });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect((await response.json()) as { complete: boolean }).toMatchObject({ complete: true, cruds: [expect.objectContaining({ message: "x".repeat(280) })] });
  });

  it("takes 3 downloads an hour per account; the 4th goes back to the page, which answers the 429", async () => {
    const cy = await createUser({ handle: "export_cy" });
    const cookie = await sessionCookie(cy.id);
    for (let n = 0; n < 3; n++) {
      const response = await download(cookie);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const refused = await download(cookie);
    expect(refused.status).toBe(303);
    expect(refused.headers.get("location")).toBe("/settings/export?refused");
    expect(refused.headers.get("content-disposition")).toBeNull();
    const page = await fetch(`${app.url}/settings/export?refused`, { headers: { cookie } });
    expect(page.status).toBe(429);
    const retryAfter = Number(page.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3_600);
    const html = await page.text();
    expect(html).toContain("You have downloaded your data too many times. Try again in");
    expect(html).toContain('aria-label="Main"');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Download your data/);
    // The plain page says so too, as a 200; another account is not limited.
    const plain = await fetch(`${app.url}/settings/export`, { headers: { cookie } });
    expect(plain.status).toBe(200);
    expect(await plain.text()).toContain("You have downloaded your data too many times.");
    const other = await download(await sessionCookie((await createUser({ handle: "export_cy2" })).id));
    expect(other.status).toBe(200);
    await other.arrayBuffer();
    // A forged `?refused` under the limit shows nothing special.
    const dee = await sessionCookie((await createUser({ handle: "export_dee" })).id);
    const forged = await fetch(`${app.url}/settings/export?refused`, { headers: { cookie: dee } });
    expect(forged.status).toBe(200);
    expect(await forged.text()).not.toContain("too many times");
  });

  it("signed out: the page and the download go to sign in; a GET of the download downloads nothing", async () => {
    const page = await fetch(`${app.url}/settings/export`, { redirect: "manual" });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/signin?redirectTo=%2Fsettings%2Fexport");
    const post = await download();
    expect(post.status).toBe(302);
    expect(post.headers.get("location")).toBe("/signin?redirectTo=%2Fsettings%2Fexport");
    const ed = await createUser({ handle: "export_ed" });
    const get = await fetch(`${app.url}/settings/export/download`, { headers: { cookie: await sessionCookie(ed.id) }, redirect: "manual" });
    expect(get.status).toBe(302);
    expect(get.headers.get("location")).toBe("/settings/export");
    expect(get.headers.get("content-disposition")).toBeNull();
  });
});
