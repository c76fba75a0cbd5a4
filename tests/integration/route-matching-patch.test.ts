// The patch of @remix-run/router in patches/ (ADR 027, ADR 044): route matching on the server caches the ranked
// branches of each route array, the compiled pattern of each path and the last matches of each path. Loaded as the server loads it
// (require: the CommonJS build, the one patched; the browser bundle uses the untouched ESM build).
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

type Route = { id: string; path?: string; index?: boolean; children?: Route[] };
type Match = { route: { id: string }; params: Record<string, string | undefined> };
const router = createRequire(import.meta.url)("@remix-run/router") as {
  matchRoutes: (routes: Route[], location: string) => Match[] | null;
  matchPath: (pattern: string, pathname: string) => { params: Record<string, string> } | null;
};

// The shape of Cruddur's routes: a root layout, an index, dynamic and optional segments, a splat.
const appRoutes = (): Route[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "index", index: true },
      { id: "handle", path: ":handle" },
      { id: "status", path: ":handle/status/:id" },
      { id: "settings", path: "settings/:section?" },
      { id: "search", path: "search" },
      { id: "splat", path: "*" },
    ],
  },
];
const matched = (routes: Route[], path: string) => router.matchRoutes(routes, path)?.map((m) => [m.route.id, m.params]);

describe("route matching (patched @remix-run/router)", () => {
  it("matches as before, on the first call and on every call after it", () => {
    const routes = appRoutes();
    for (let call = 0; call < 3; call++) {
      expect(matched(routes, "/")).toEqual([
        ["root", {}],
        ["index", {}],
      ]);
      expect(matched(routes, "/@ana")?.at(-1)).toEqual(["handle", { handle: "@ana" }]);
      expect(matched(routes, "/@ana/status/42")?.at(-1)).toEqual(["status", { handle: "@ana", id: "42" }]);
      expect(matched(routes, "/settings")?.at(-1)).toEqual(["settings", { section: undefined }]);
      expect(matched(routes, "/settings/sessions")?.at(-1)).toEqual(["settings", { section: "sessions" }]);
      expect(matched(routes, "/SEARCH")?.at(-1)?.[0]).toBe("search");
      expect(matched(routes, "/no/such/page")?.at(-1)).toEqual(["splat", { "*": "no/such/page" }]);
    }
  });

  it("flattens a route array once: a route added to that array later is not seen, a new array is read afresh", () => {
    const routes: Route[] = [{ id: "a", path: "a" }];
    expect(matched(routes, "/a")?.[0]?.[0]).toBe("a");
    routes.push({ id: "b", path: "b" });
    // The server never changes its route arrays once built (Remix builds them per build or per render).
    expect(router.matchRoutes(routes, "/b")).toBeNull();
    expect(matched([...routes], "/b")?.[0]?.[0]).toBe("b");
  });

  it("hands out a copy of a remembered match: changing one result's params or matches changes no later one", () => {
    const routes = appRoutes();
    const first = router.matchRoutes(routes, "/@ana/status/42")!;
    first.at(-1)!.params.id = "changed";
    first.pop();
    const again = router.matchRoutes(routes, "/@ana/status/42")!;
    expect(again.map((m) => m.route.id)).toEqual(["root", "status"]);
    expect(again.at(-1)!.params).toEqual({ handle: "@ana", id: "42" });
    expect(again[0]!.params).toBe(again[1]!.params);
    expect(router.matchRoutes(routes, "/@ana/status/42")![0]!.params).not.toBe(again[0]!.params);
  });

  it("remembers a bounded number of paths: any number of distinct paths still match, and the first ones again", () => {
    const routes = appRoutes();
    for (let n = 0; n < 1_200; n++) expect(matched(routes, `/@u${n}/status/${n}`)?.at(-1)).toEqual(["status", { handle: `@u${n}`, id: String(n) }]);
    expect(matched(routes, "/@u0/status/0")?.at(-1)).toEqual(["status", { handle: "@u0", id: "0" }]);
    expect(router.matchRoutes(routes, "/@u1/status/1/extra")?.at(-1)?.route.id).toBe("splat");
  });

  it("matches any number of distinct patterns (the compiled-pattern cache is bounded, not a limit)", () => {
    for (let n = 0; n < 1_200; n++) {
      expect(router.matchPath(`/p${n}/:id`, `/p${n}/x${n}`)?.params).toEqual({ id: `x${n}` });
      expect(router.matchPath(`/p${n}/:id`, `/q${n}/x`)).toBeNull();
    }
  });
});
