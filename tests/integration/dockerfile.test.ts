// The image runs `npm run db:migrate` (prisma migrate deploy with prisma.config.ts) from source files
// the final stage copies one by one. `npm run test:container` proves the whole image but is slow and
// runs on demand; this catches, in every `npm test`, a module prisma.config.ts imports that the
// Dockerfile forgot (it happened: app/db/database-tls.ts).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Sources of the final stage's plain COPY lines (not `--from` another stage), relative to the context. */
function finalStageCopies(): string[] {
  const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8").replace(/\\\n/g, " ");
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf("\nFROM "));
  return finalStage
    .split("\n")
    .filter((line) => /^COPY\s/.test(line) && !/--from=/.test(line))
    .flatMap((line) => line.trim().split(/\s+/).slice(1, -1))
    .map((source) => path.normalize(source).replace(/\/$/, ""));
}

/** prisma.config.ts and the local modules it imports, transitively (relative paths from the root). */
function localModules(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(path.join(root, entry), "utf8");
  for (const [, specifier] of source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+"(\.{1,2}\/[^"]+)"/gm)) {
    const base = path.join(path.dirname(entry), specifier!);
    const file = [base, `${base}.ts`, path.join(base, "index.ts")].find((candidate) => existsSync(path.join(root, candidate)));
    if (!file) throw new Error(`${entry}: cannot resolve ${specifier}`);
    localModules(path.normalize(file), seen);
  }
  return seen;
}

describe("the image's migration command", () => {
  it("has every local module prisma.config.ts imports", () => {
    const copies = finalStageCopies();
    const covered = (file: string) => copies.some((source) => file === source || file.startsWith(`${source}/`));
    const modules = [...localModules("prisma.config.ts")];
    expect(modules).toContain(path.normalize("app/db/database-url.ts"));
    expect(modules.filter((file) => !covered(file))).toEqual([]);
  });
});
