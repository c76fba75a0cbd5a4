// A fresh clone explains itself: code and docs cite the product description (docs/product.md §N) and
// the decisions (ADR NNN), never an issue number or a file outside the repository, which a clone does
// not have. And every ADR says whether it still holds, and since when.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const self = path.relative(root, fileURLToPath(import.meta.url));

/** Every file git tracks or would track (the working tree a clone gets, plus new files). */
function repositoryFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" });
  return out
    .split("\0")
    .filter(Boolean)
    .filter((file) => !/(^|\/)package-lock\.json$/.test(file) && !/\.(png|jpe?g|gif|webp|ico|woff2?)$/.test(file) && file !== self);
}

/** The old product spec's name, an issue number, a path outside the repository, the machine's toolchain notes. */
const OUTSIDE = [/\bSPEC\b/, /\b[Ii]ssues? #?\d/, /\b[Ii]ssue "/, /\.\.\/shared\//, /toolchain\.md/];

/**
 * Left as they are: applied migrations never change (their checksums are recorded in every database's
 * `_prisma_migrations`).
 */
const LEFT_AS_THEY_ARE: { file: RegExp; line?: RegExp }[] = [{ file: /^prisma\/migrations\/.*\/migration\.sql$/ }];

describe("citations", () => {
  const files = repositoryFiles();

  it("name nothing a fresh clone does not have (no issue numbers, no paths outside the repository)", () => {
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(root, file), "utf8");
      text.split("\n").forEach((line, index) => {
        if (!OUTSIDE.some((pattern) => pattern.test(line))) return;
        if (LEFT_AS_THEY_ARE.some((allowed) => allowed.file.test(file) && (!allowed.line || allowed.line.test(line)))) return;
        found.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("of docs/product.md point at sections it has", () => {
    const product = readFileSync(path.join(root, "docs/product.md"), "utf8");
    const sections = new Set([...product.matchAll(/^## (\d+)\. /gm)].map((match) => match[1]));
    expect([...sections]).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"]);
    const missing: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(root, file), "utf8");
      for (const match of text.matchAll(/docs\/product\.md §(\d+)/g)) if (!sections.has(match[1]!)) missing.push(`${file}: ${match[0]}`);
    }
    expect(missing).toEqual([]);
  });
});

describe("ADRs", () => {
  const dir = path.join(root, "docs/decisions");
  const adrs = readdirSync(dir).filter((name) => /^\d{3}-.*\.md$/.test(name));
  const numbers = new Set(adrs.map((name) => name.slice(0, 3)));

  it.each(adrs)("%s has a Status and a Date under its title", (name) => {
    const [title, blank, status, date] = readFileSync(path.join(dir, name), "utf8").split("\n");
    expect(title).toMatch(name === "000-template.md" ? /^# NNN — / : /^# \d{3} — /);
    expect(blank).toBe("");
    if (name === "000-template.md") return;
    expect(status).toMatch(/^- Status: (Proposed|Accepted|(Amended|Superseded) by \d{3}(, \d{3})*)$/);
    for (const cited of status!.match(/\d{3}/g) ?? []) expect(numbers.has(cited), `${name} names ADR ${cited}`).toBe(true);
    expect(date).toMatch(/^- Date: \d{4}-\d{2}-\d{2}$/);
  });
});
