// The one way to keep a process-wide instance (the database pool, the Prisma client, the Rollbar
// notifier, the background jobs…). Instances live in one registry on globalThis, so that
//  - `remix dev` rebuilds, which re-import the app's modules, find the instance instead of making another;
//  - build/server.js (the host, bundled by esbuild) and build/index.js (the Remix app), which each
//    carry their own copy of a module, share it.
// A module-level `let`/`const` is right for what may be re-made with the module (env(), constants).

const REGISTRY = Symbol.for("cruddur.singletons");
type Holder = { [REGISTRY]?: Map<string, unknown> };

function registry(): Map<string, unknown> {
  return ((globalThis as Holder)[REGISTRY] ??= new Map());
}

/** The process's `name` instance, made by `create()` on first use (a thrown error stores nothing). */
export function singleton<T>(name: string, create: () => T): T {
  const instances = registry();
  if (instances.has(name)) return instances.get(name) as T;
  const instance = create();
  instances.set(name, instance);
  return instance;
}

/** The `name` instance if it has been made, without making it. */
export function existingSingleton<T>(name: string): T | undefined {
  return registry().get(name) as T | undefined;
}

/** Forgets the `name` instance (tests, a stopped job): the next `singleton(name, …)` makes a new one. */
export function forgetSingleton(name: string): void {
  registry().delete(name);
}
