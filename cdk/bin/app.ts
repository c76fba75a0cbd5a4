import * as fs from "node:fs";
import * as cdk from "aws-cdk-lib";
import { Aspects } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { POST_CONFIRMATION_ENTRY } from "../lib/auth.ts";
import { readConfig } from "../lib/config.ts";
import { CruddurStack } from "../lib/cruddur-stack.ts";

if (!fs.existsSync(POST_CONFIRMATION_ENTRY)) {
  throw new Error(`${POST_CONFIRMATION_ENTRY} is missing: the Post Confirmation Lambda is part of the app (issue 7)`);
}

const app = new cdk.App();
const config = readConfig(app.node);

new CruddurStack(app, "Cruddur", {
  config,
  env: { account: config.account, region: config.region },
  description: "Cruddur: VPC, RDS PostgreSQL, ECS Fargate behind ALB, Cognito (SPEC §7)",
});

// cdk-nag runs on every synth: an unsuppressed AwsSolutions error fails `cdk synth`.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
