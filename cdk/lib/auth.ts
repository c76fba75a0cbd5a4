import * as path from "node:path";
import { Construct } from "constructs";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cognito from "aws-cdk-lib/aws-cognito";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagSuppressions } from "cdk-nag";
import { REPO_ROOT, type CruddurConfig } from "./config.ts";
import { DB_SSLMODE } from "./database.ts";
import { logGroup } from "./log-groups.ts";

/** Every Lambda function's runtime: Node 24 LTS, like the app image; esbuild targets the same. */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const NODE_TARGET = "node24";
/** cdk-nag's AwsSolutions-L1 wants the newest Node runtime aws-cdk-lib knows (nodejs26.x); ours follows the app's Node. */
export const NODE_RUNTIME_SUPPRESSION = {
  id: "AwsSolutions-L1",
  reason:
    "Node 24 LTS on purpose: the Lambdas run the Node the app image, engines and CI run (ADR 029), and move with them rather than with the newest runtime Lambda offers.",
};

/** The app's handler (contract with the app, ADR 007): exports `handler`, uses `pg`. */
export const POST_CONFIRMATION_ENTRY = path.join(REPO_ROOT, "lambda", "post-confirmation.ts");

export interface AuthProps {
  vpc: ec2.IVpc;
  config: CruddurConfig;
  dbSecret: secretsmanager.ISecret;
}

/**
 * Cognito user pool (email sign-in, required name + preferred_username) and a public web client
 * (USER_PASSWORD_AUTH + refresh, no secret). The Post Confirmation trigger inserts the user into
 * PostgreSQL, so the Lambda runs in the private subnets and may read the DB secret.
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly postConfirmation: NodejsFunction;
  readonly lambdaSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const { vpc, config, dbSecret } = props;

    this.lambdaSecurityGroup = new ec2.SecurityGroup(this, "LambdaSecurityGroup", {
      vpc,
      description: "Cruddur Post Confirmation Lambda (egress: Secrets Manager via NAT, PostgreSQL)",
      allowAllOutbound: true,
    });

    const logs = logGroup(this, "PostConfirmationLogs", config);

    this.postConfirmation = new NodejsFunction(this, "PostConfirmation", {
      description: "Cognito Post Confirmation: insert the confirmed user into PostgreSQL",
      entry: POST_CONFIRMATION_ENTRY,
      handler: "handler",
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, "package-lock.json"),
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // Cognito waits 5 s for a trigger (and retries up to 3 times), so a longer timeout is useless.
      timeout: Duration.seconds(5),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.lambdaSecurityGroup],
      logGroup: logs,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        DB_SECRET_ARN: dbSecret.secretArn,
        DB_SSLMODE,
        NODE_OPTIONS: "--enable-source-maps",
      },
      bundling: {
        // Local esbuild (cdk/node_modules), never Docker.
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        target: NODE_TARGET,
        minify: true,
        sourceMap: true,
        // @aws-sdk/* ships with the Node 24 runtime; pg-native is pg's optional native binding.
        externalModules: ["@aws-sdk/*", "pg-native"],
      },
    });
    dbSecret.grantRead(this.postConfirmation);

    this.userPool = new cognito.UserPool(this, "UserPool", {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true }, // the `name` attribute
        preferredUsername: { required: true, mutable: true },
      },
      passwordPolicy: {
        // Length, not composition (NIST 800-63B, ASVS 2.1.9); app/auth/validation.ts checks the same.
        minLength: 12,
        requireLowercase: false,
        requireUppercase: false,
        requireDigits: false,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(3),
      },
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Two-step sign-in is the person's choice, with an authenticator app (TOTP) only: no SMS (SIM swaps,
      // and a per-message cost), no email codes (the inbox is what a password reset already trusts).
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      lambdaTriggers: { postConfirmation: this.postConfirmation },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.client = this.userPool.addClient("WebClient", {
      generateSecret: false,
      // CDK always adds ALLOW_REFRESH_TOKEN_AUTH when authFlows are given.
      authFlows: { userPassword: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    NagSuppressions.addResourceSuppressions(this.userPool, [
      {
        id: "AwsSolutions-COG1",
        reason:
          "Length over composition: at least 12 characters and no composition rules, as NIST SP 800-63B 5.1.1.2 and OWASP ASVS 2.1.9 recommend; the app's form checks the same (docs/decisions/006-auth.md).",
      },
      {
        id: "AwsSolutions-COG2",
        reason:
          "MFA is offered (TOTP, optional) but not required: Cruddur is a public social app where mandatory MFA at sign-up is a product decision not taken.",
      },
      {
        id: "AwsSolutions-COG8",
        reason:
          "Threat protection needs the Cognito Plus feature plan, billed per monthly active user; the smallest setup stays on Essentials (docs/deploy.md lists Plus as an option).",
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      this.postConfirmation,
      [
        {
          id: "AwsSolutions-IAM4",
          reason: "AWSLambdaBasicExecutionRole/AWSLambdaVPCAccessExecutionRole are the AWS-maintained minimum for a VPC Lambda (log writing, ENI management).",
          appliesTo: [
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
          ],
        },
        {
          id: "AwsSolutions-IAM5",
          reason: "X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions (CDK tracing: ACTIVE).",
          appliesTo: ["Resource::*"],
        },
        NODE_RUNTIME_SUPPRESSION,
      ],
      true,
    );
  }

  /**
   * The app may turn a person's authenticator app off when they sign in with a recovery code
   * (docs/decisions/040-mfa-admin-and-local-cognito.md): that one admin action, on this pool only.
   * No other admin right: the app never creates, deletes, confirms or reads users through the admin API.
   */
  grantMfaReset(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["cognito-idp:AdminSetUserMFAPreference"],
        resources: [this.userPool.userPoolArn],
      }),
    );
  }
}
