// `npm run build`: the production build, step by step (ADR 031).
//   1. prisma generate → app/generated/prisma, which the app and the server bundles import
//   2. remix build → build/index.js and public/build/ (its esbuild contexts disposed: patches/, ADR 031)
//   3. esbuild → build/server.js (the Express host), build/instrumentation.js, build/user-role.js
//   4. precompress-assets → a .br and a .gz copy of each script and stylesheet in public/build (ADR 028)
// Each step runs as a child process whose stderr is watched (server/build-step.ts): a Go runtime
// crash printed there fails the build, even when the step itself exits 0.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BuildStepError, runStep } from "./build-step";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

/** The server bundles: each entry bundled on its own, its npm packages left as imports. */
const SERVER_BUNDLES = {
  server: "server/index.ts",
  instrumentation: "server/instrumentation.ts",
  "user-role": "prisma/user-role.ts",
};

const steps: [name: string, command: string, args: string[]][] = [
  ["prisma generate", bin("prisma"), ["generate"]],
  ["remix build", bin("remix"), ["build"]],
  [
    "esbuild",
    bin("esbuild"),
    [
      ...Object.entries(SERVER_BUNDLES).map(([out, entry]) => `${out}=${entry}`),
      "--bundle",
      "--platform=node",
      "--format=esm",
      "--packages=external",
      "--outdir=build",
      "--log-level=warning",
    ],
  ],
  ["precompress-assets", process.execPath, ["--import", "tsx", "server/precompress-assets.ts", "public/build"]],
];

try {
  for (const [name, command, args] of steps) await runStep(name, command, args, { cwd: root });
} catch (error) {
  if (!(error instanceof BuildStepError)) throw error;
  console.error(`\nbuild failed: ${error.message}`);
  process.exitCode = 1;
}
