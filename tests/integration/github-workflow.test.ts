// The GitHub Actions workflow, checked offline in every `npm test`: GitHub's own parser and workflow
// schema (@actions/workflow-parser, the one behind GitHub's Actions language service) must accept it,
// and it must keep the pipeline's promises (docs/deploy.md, "The pipeline"): pull requests run the
// README's test command; only pushes to the deploy branch deploy, with the OIDC role and nothing else.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { SMOKE_ENVIRONMENT } from "../../canary/credentials";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WORKFLOW = ".github/workflows/ci.yml";
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };
type Serialized = { type: number; map?: { Key: Serialized; Value: Serialized }[]; seq?: Serialized[]; expr?: string } | string | number | boolean | null;

/** The parser's token tree as plain values; expressions as their `${{ … }}` text. */
function plain(token: Serialized): Plain {
  if (token === null || typeof token !== "object") return token;
  if (token.map) return Object.fromEntries(token.map.map(({ Key, Value }) => [String(plain(Key)), plain(Value)]));
  if (token.seq) return token.seq.map(plain);
  return `\${{ ${token.expr} }}`;
}

function parse(name: string, content: string) {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  return { result, errors: result.context.errors.getErrors().map((e) => e.message) };
}

const { result, errors } = parse(WORKFLOW, read(WORKFLOW));
const workflow = plain(JSON.parse(JSON.stringify(result.value)) as Serialized) as Record<string, Record<string, unknown>> & { jobs: Record<string, Job> };
type Step = {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  name?: string;
  if?: string;
  "continue-on-error"?: unknown;
};
type Job = { needs?: string | string[]; if?: string; permissions?: Record<string, string>; environment?: unknown; steps: Step[] };
const cdkContext = (JSON.parse(read("cdk/cdk.json")) as { context: Record<string, unknown> }).context;

describe(`${WORKFLOW} against GitHub's workflow schema`, () => {
  it("parses and validates with no error, and its jobs graph converts", async () => {
    expect(errors).toEqual([]);
    const template = await convertWorkflowTemplate(result.context, result.value!);
    expect(template.errors ?? []).toEqual([]);
    expect(template.jobs.map((job) => job.id.value)).toEqual(["test", "deploy"]);
  });

  it("the validator is real: it rejects an unknown key, a bad permission and a dangling `needs`", async () => {
    const broken = read(WORKFLOW)
      .replace("    timeout-minutes: 60\n", "    timeout-minutes: 60\n    run-on: ubuntu-24.04\n")
      .replace("id-token: write", "id-token: writ");
    expect(parse("broken.yml", broken).errors).toEqual([expect.stringMatching(/Unexpected value 'run-on'/), expect.stringMatching(/Unexpected value 'writ'/)]);
    const dangling = parse("dangling.yml", read(WORKFLOW).replace("needs: test", "needs: tests"));
    const template = await convertWorkflowTemplate(dangling.result.context, dangling.result.value!);
    expect((template.errors ?? []).map((e) => e.Message)).toEqual([expect.stringMatching(/depends on unknown job 'tests'/)]);
  });
});

describe("the pipeline's promises", () => {
  const { test, deploy } = workflow.jobs;
  const branch = String(cdkContext["cruddur:githubBranch"]);

  it("runs on pull requests, and on pushes to the one branch the deploy role trusts", () => {
    expect(workflow.on).toEqual({ pull_request: null, push: { branches: [branch] } });
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("tests with the README's command, exactly what CI runs (.ci/run: npm ci && npm test)", () => {
    expect(test!.steps.map((step) => step.run).filter(Boolean)).toEqual(["bash .ci/run"]);
    const ciRun = read(".ci/run")
      .split("\n")
      .filter((line) => /^npm /.test(line));
    expect(ciRun).toEqual(["npm ci --no-audit --no-fund", "npm test"]);
    expect(read("README.md")).toContain("`bash .ci/run` is exactly `npm ci && npm test`");
    expect(test!.permissions).toBeUndefined(); // the workflow's contents: read
  });

  it("deploys only after the tests, only for a push to that branch, with an OIDC token and no stored key", () => {
    expect(deploy!.needs).toBe("test");
    expect(deploy!.if).toBe(`github.event_name == 'push' && github.ref == 'refs/heads/${branch}'`);
    expect(deploy!.permissions).toEqual({ contents: "read", "id-token": "write" });
    // A job `environment:` would change the token's subject (repo:…:environment:NAME), which the role refuses.
    expect(deploy!.environment).toBeUndefined();
    const credentials = deploy!.steps.find((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(credentials.with).toMatchObject({ "role-to-assume": "${{ vars.CRUDDUR_DEPLOY_ROLE_ARN }}", "aws-region": "${{ vars.CRUDDUR_REGION }}" });
    expect(Object.keys(credentials.with!).filter((key) => /access-key|secret|session-token/.test(key))).toEqual([]);
    // The one stored secret is the canary user's sign-in, for the smoke check: no AWS credential.
    expect(read(WORKFLOW).match(/secrets\.\w+/g)).toEqual(["secrets.CRUDDUR_SMOKE_EMAIL", "secrets.CRUDDUR_SMOKE_PASSWORD"]);
  });

  it("after `cdk deploy`, the smoke check runs the canary's journey against the stage; its failure fails the job and says how to roll back", () => {
    const steps = deploy!.steps;
    const deployed = steps.findIndex((step) => /cdk deploy Cruddur/.test(step.run ?? ""));
    const smokeAt = steps.findIndex((step) => step.run === "npx tsx canary/smoke.ts");
    expect(smokeAt).toBeGreaterThan(deployed);
    expect(deployed).toBeGreaterThan(-1);
    const smoke = steps[smokeAt]!;
    // Runs only when the deploy succeeded (no `if:`), and nothing lets its failure pass.
    expect(smoke.if).toBeUndefined();
    expect(smoke["continue-on-error"]).toBeUndefined();
    expect(smoke.name).toContain("roll back: docs/deploy.md#rollback");
    expect(smoke.env).toEqual({
      // The parser's form of `https://${{ vars.CRUDDUR_DOMAIN_NAME }}`.
      [SMOKE_ENVIRONMENT.baseUrl]: "${{ format('https://{0}', vars.CRUDDUR_DOMAIN_NAME) }}",
      [SMOKE_ENVIRONMENT.email]: "${{ secrets.CRUDDUR_SMOKE_EMAIL }}",
      [SMOKE_ENVIRONMENT.password]: "${{ secrets.CRUDDUR_SMOKE_PASSWORD }}",
    });
    // A failure's screenshot is kept; the rollback it points to is in the runbook.
    const keep = steps[smokeAt + 1]!;
    expect(keep.if).toBe("failure()");
    expect(keep.uses).toMatch(/^actions\/upload-artifact@/);
    expect(keep.with?.path).toBe(".cache/smoke/");
    const deployDoc = read("docs/deploy.md");
    expect(deployDoc).toMatch(/^## Rollback$/m);
    expect(deployDoc).toContain("A failed smoke check");
    expect(read("canary/smoke.ts")).toContain("docs/deploy.md#rollback");
  });

  it("deploys the Cruddur stack only (never its own role's stack), without prompting, after installing both packages", () => {
    const runs = deploy!.steps.map((step) => step.run ?? "").join("\n");
    // cdk/ for the CLI; the root for the Lambda bundle (lambda/post-confirmation.ts imports pg and app modules).
    expect(runs).toMatch(/npm ci --no-audit --no-fund && npm run cdk:install[^]*cdk deploy/);
    const deploys = runs.match(/cdk deploy[^\n]*/g) ?? [];
    expect(deploys).toHaveLength(1);
    expect(deploys[0]).toMatch(/^cdk deploy Cruddur "\$\{context\[@\]\}" --require-approval never /);
    expect(runs).not.toMatch(/--all|CruddurGitHubDeploy/);
  });

  it("hardening: pinned action versions, no expression spliced into a script, no persisted git credentials", () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps) {
        if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+|[0-9a-f]{40})$/);
        if (step.run) expect(step.run).not.toContain("${{");
        if (step.uses?.startsWith("actions/checkout@")) expect(step.with?.["persist-credentials"]).toBe("false");
      }
    }
  });
});
