import * as fs from "node:fs";
import * as cdk from "aws-cdk-lib";
import { Aspects, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { POST_CONFIRMATION_ENTRY } from "../lib/auth.ts";
import { readConfig } from "../lib/config.ts";
import { CruddurStack } from "../lib/cruddur-stack.ts";
import { GitHubDeployStack } from "../lib/github-deploy-stack.ts";
import { proactiveControls } from "../lib/proactive-controls.ts";

if (!fs.existsSync(POST_CONFIRMATION_ENTRY)) {
  throw new Error(`${POST_CONFIRMATION_ENTRY} is missing: the Post Confirmation Lambda is part of the app (ADR 007)`);
}

const app = new cdk.App();
const config = readConfig(app.node);

const env = { account: config.account, region: config.region };
new CruddurStack(app, "Cruddur", {
  config,
  env,
  description: "Cruddur: VPC, RDS PostgreSQL, ECS Fargate behind ALB, Cognito, alarms and dashboard (docs/product.md §7)",
});
// Deployed by hand, once: the pipeline's identity (it deploys `Cruddur` only, never this stack).
new GitHubDeployStack(app, "CruddurGitHubDeploy", {
  config,
  env,
  description: `Cruddur: GitHub OIDC provider and the deploy role of ${config.github.repository}@${config.github.branch}`,
});

// Control Tower's proactive controls run on every synth too: a finding not acknowledged in
// lib/proactive-controls.ts fails `cdk synth` and `cdk deploy` before anything reaches AWS.
Validations.of(app).addPlugins(...proactiveControls());
// cdk-nag runs on every synth: an unsuppressed AwsSolutions error fails `cdk synth`.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
