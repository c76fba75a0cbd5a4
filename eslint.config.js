import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * The layers (docs/decisions/015-where-code-lives.md), as import rules: each zone lists what its files
 * may not import. A pattern is matched against the import as written (`~/models/x`, `../../lambda/x`).
 * Import cycles between files are checked by tests/lint/import-cycles.ts (also part of `npm run lint`).
 */
const NO_TESTS = { group: ["**/tests/**"], message: "App code must not import test code." };
const NO_SERVER = { group: ["**/*.server", "**/*.server.*", "~/db.server", "~/env.server"], message: "Browser code must not import server modules." };
const restrict = (...patterns) => ["error", { patterns: [NO_TESTS, ...patterns] }];

const zones = [
  {
    name: "domain: pure rules, nothing of the app but other rules, no framework",
    files: ["app/domain/**"],
    patterns: [
      { group: ["~/*", "!~/domain", "!~/domain/*", "../*"], message: "app/domain imports nothing of the app but app/domain." },
      { group: ["@remix-run/*", "react", "react-dom", "@prisma/*"], message: "app/domain is pure rules: no framework, no database." },
    ],
  },
  {
    name: "models: data access only",
    files: ["app/models/**"],
    patterns: [
      {
        group: ["**/auth/*", "**/security/*", "**/observability/*", "**/jobs/*", "**/jobs.server"],
        message: "Models are data access only: the callers (routes, app/routes-support, app/jobs) check, limit and log.",
      },
      { group: ["**/routes/*", "**/routes-support/*", "**/components/*", "**/hooks/*"], message: "Models never import the web layers." },
      { group: ["@remix-run/*"], message: "Models return data, never HTTP responses." },
    ],
  },
  {
    name: "components and hooks: browser code",
    files: ["app/components/**", "app/hooks/**"],
    patterns: [
      { group: ["**/routes/*"], message: "Components never import routes: a type both share lives with the component." },
      { group: ["**/models/*", "**/db/*"], message: "Components get their data from the route's loader." },
      NO_SERVER,
    ],
  },
  {
    name: "route helpers: used by routes, never the other way",
    files: ["app/routes-support/**"],
    patterns: [
      { group: ["**/routes/*", "**/components/*", "**/hooks/*"], message: "app/routes-support serves routes: it imports no route, component or hook." },
    ],
  },
  {
    name: "media: the bytes of pictures (ADR 033)",
    files: ["app/media/**"],
    patterns: [
      {
        group: ["~/*", "!~/media", "!~/media/*", "!~/domain", "!~/domain/*", "!~/env.server", "!~/db", "!~/db/*", "../*"],
        message: "app/media stores, re-encodes and addresses pictures: it knows no route, model or session.",
      },
    ],
  },
  {
    name: "database plumbing",
    files: ["app/db/**"],
    patterns: [{ group: ["~/*", "!~/db", "!~/db/*", "../*"], message: "app/db (database plumbing) imports nothing of the app." }],
  },
  {
    name: "generic utilities",
    files: ["app/utils/**"],
    patterns: [{ group: ["~/*", "!~/utils", "!~/utils/*", "../*"], message: "app/utils holds generic code: it imports nothing of the app." }],
  },
  {
    name: "the Lambda: app/lambda-shared.ts only",
    files: ["lambda/**"],
    patterns: [{ group: ["~/*", "!~/lambda-shared", "**/app/**"], message: "lambda/ imports from app/ only through app/lambda-shared.ts." }],
  },
];

export default tseslint.config(
  {
    ignores: [
      "build/",
      "public/build/",
      "app/generated/",
      "node_modules/",
      "cdk/node_modules/",
      "cdk/cdk.out/",
      ".cache/",
      ".data/",
      "test-results/",
      "qa-report/",
      "playwright-report/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": restrict(),
    },
  },
  {
    name: "app: routes are leaves, and lambda/ is reached only through lambda/user-row.ts",
    files: ["app/**"],
    ignores: ["app/routes/**"],
    rules: {
      "no-restricted-imports": restrict(
        { group: ["~/routes/*"], message: "Nothing imports a route module but Remix." },
        { group: ["**/lambda/*", "!**/lambda/user-row"], message: "app/ imports from lambda/ only lambda/user-row.ts (the user-row SQL both run)." },
      ),
    },
  },
  ...zones.map(({ name, files, patterns }) => ({
    name,
    files,
    rules: {
      "no-restricted-imports": restrict(
        ...patterns,
        { group: ["~/routes/*"], message: "Nothing imports a route module but Remix." },
        { group: ["**/lambda/*", "!**/lambda/user-row"], message: "app/ imports from lambda/ only lambda/user-row.ts (the user-row SQL both run)." },
      ),
    },
  })),
  {
    files: ["**/*.test.ts", "**/*.test.tsx", "tests/**"],
    rules: { "no-restricted-imports": "off" },
  },
);
