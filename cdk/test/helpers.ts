import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { CDK_DIR, readConfig } from "../lib/config.ts";
import { CruddurStack } from "../lib/cruddur-stack.ts";
import { GitHubDeployStack } from "../lib/github-deploy-stack.ts";

/** An App with the same context as `cdk synth` (cdk.json + cdk.context.json). */
export function makeApp(extraContext: Record<string, unknown> = {}): App {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(CDK_DIR, file), "utf8")) as Record<string, unknown>;
  const cdkJson = read("cdk.json") as { context: Record<string, unknown> };
  return new App({ context: { ...cdkJson.context, ...read("cdk.context.json"), ...extraContext } });
}

export function makeStack(app: App = makeApp()): CruddurStack {
  const config = readConfig(app.node);
  return new CruddurStack(app, "Cruddur", {
    config,
    env: { account: config.account, region: config.region },
  });
}

export function makeDeployStack(app: App = makeApp()): GitHubDeployStack {
  const config = readConfig(app.node);
  return new GitHubDeployStack(app, "CruddurGitHubDeploy", {
    config,
    env: { account: config.account, region: config.region },
  });
}

/** Template JSON as the tests navigate it: CloudFormation's shapes are too many to type one by one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

let cached: Template | undefined;
/** One synthesized template shared by the assertion tests (synth with bundling takes seconds). */
export function template(): Template {
  cached ??= Template.fromStack(makeStack());
  return cached;
}

type Resource = { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] | string };

export function resources(type: string): Array<[string, Resource]> {
  return Object.entries(template().findResources(type) as Record<string, Resource>);
}

export function only(type: string): [string, Resource] {
  const found = resources(type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0]!;
}

/** { Ref: X } or { "Fn::GetAtt": [X, ...] } -> X */
export function refId(value: unknown): string | undefined {
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === "string") return v.Ref;
    const getAtt = v["Fn::GetAtt"];
    if (Array.isArray(getAtt) && typeof getAtt[0] === "string") return getAtt[0];
  }
  return undefined;
}
