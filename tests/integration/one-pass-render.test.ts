// A page whose loader data is all resolved is rendered in one pass (renderToString), its encoded data
// read to the end first (ADR 044), and the route objects and the partial manifest's JSON are made once
// per build (the patches of @remix-run/react and react-router-dom in patches/). What the browser gets
// must be what the stream renderer gave it: the data in one enqueue then close, under the CSP nonce,
// no boundary left for the browser, the status of the page. Hydration itself: the e2e suite (js-on).
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { withProductionApp } from "../support/production-app-suite";

const app = withProductionApp({ PAGE_CACHE: "0" });

async function page(path: string) {
  const response = await fetch(`${app.url}${path}`);
  const html = await response.text();
  const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  return { status: response.status, html, nonce };
}

describe("a document rendered in one pass", () => {
  it("sends its loader data whole, in one enqueue and a close, every script under the nonce, nothing left to the browser", async () => {
    const { status, html, nonce } = await page("/");
    expect(status).toBe(200);
    // As the stream renderer wrote it: without the doctype the browser lays the page out in quirks mode.
    expect(html.startsWith("<!DOCTYPE html><html")).toBe(true);
    const enqueued = [...html.matchAll(/window\.__remixContext\.streamController\.enqueue\(("(?:[^"\\]|\\.)*")\);/g)].map(
      (match) => JSON.parse(match[1]!) as string,
    );
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]).toContain('"routes/_index"');
    expect(html.indexOf("window.__remixContext.streamController.close();")).toBeGreaterThan(html.indexOf("streamController.enqueue("));
    expect(html).not.toContain("<!--$!-->");
    expect(nonce).toBeTruthy();
    const scriptNonces = [...html.matchAll(/<script(?: [^>]*)?>/g)]
      .filter(([tag]) => !tag.includes('type="application/ld+json"'))
      .map(([tag]) => /nonce="([^"]*)"/.exec(tag)?.[1]);
    expect(scriptNonces.length).toBeGreaterThan(2);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  });

  it("names the page's routes in the partial manifest, the same on every request", async () => {
    const manifestOf = (html: string) => /window\.__remixManifest = ([\s\S]*?);\nwindow\.__remixRouteModules/.exec(html)?.[1];
    const [first, second, other] = await Promise.all([page("/"), page("/"), page("/search?q=hello")]);
    const routes = (html: string) => Object.keys((JSON.parse(manifestOf(html)!) as { routes: object }).routes);
    expect(routes(first.html)).toEqual(["root", "routes/_index"]);
    expect(manifestOf(second.html)).toBe(manifestOf(first.html));
    expect(routes(other.html)).toContain("routes/search");
  });

  it("keeps the status of a page that is not found, with its boundary rendered on the server", async () => {
    const { status, html } = await page("/no/such/page/here");
    expect(status).toBe(404);
    expect(html).toContain("<h1");
    expect(html).not.toContain("<!--$!-->");
  });
});

describe("the route objects of a build, made once (patched react-router-dom/server)", () => {
  const { createStaticRouter } = createRequire(import.meta.url)("react-router-dom/server") as {
    createStaticRouter: (routes: object[], context: object) => { routes: object[] };
  };
  const context = { basename: "/", location: { pathname: "/" }, matches: [], loaderData: {}, actionData: null, errors: null };
  const routes = () => [{ id: "root", path: "/", children: [{ id: "index", index: true }] }];

  it("gives the same data routes for the same route array, and new ones for a new array", () => {
    const serverRoutes = routes();
    expect(createStaticRouter(serverRoutes, context).routes).toBe(createStaticRouter(serverRoutes, context).routes);
    expect(createStaticRouter(routes(), context).routes).not.toBe(createStaticRouter(serverRoutes, context).routes);
    expect(createStaticRouter(routes(), context).routes).toEqual(createStaticRouter(serverRoutes, context).routes);
  });
});
