import { readFileSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";

/** GitHub's workflow parser ships source maps without their sources: load it without them (no warning per file). */
const WORKFLOW_PARSER = /[\\/]@actions[\\/]workflow-parser[\\/]dist[\\/].*\.js$/;
const workflowParserWithoutSourceMaps = {
  name: "workflow-parser-without-source-maps",
  enforce: "pre" as const,
  load: (id: string) => (WORKFLOW_PARSER.test(id) ? readFileSync(id, "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, "") : null),
};

export default defineConfig({
  plugins: [workflowParserWithoutSourceMaps],
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "lambda/**/*.test.ts",
      "canary/**/*.test.ts",
      "server/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "tests/security/**/*.test.ts",
    ],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/setup-db.ts"],
    pool: "forks",
    testTimeout: 20_000,
    // GitHub's workflow parser imports its schema JSON without an import attribute, which Node refuses:
    // let Vite transform it (tests/integration/github-workflow.test.ts).
    server: { deps: { inline: [/@actions\/workflow-parser/] } },
    hookTimeout: 60_000,
  },
});
