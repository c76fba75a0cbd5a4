import * as path from "node:path";
import { buildSync } from "esbuild";
import { Construct } from "constructs";
import { AssetHashType, DockerImage, Duration, RemovalPolicy, SecretValue, Size } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as synthetics from "aws-cdk-lib/aws-synthetics";
import { NagSuppressions } from "cdk-nag";
import { privateBucket } from "./buckets.ts";
import { REPO_ROOT, type CruddurConfig } from "./config.ts";
// The canary's side of the contract: its environment and the secret's placeholder.
import { CANARY_ENVIRONMENT, CREDENTIALS_PLACEHOLDER } from "../../canary/credentials.ts";

/** Playwright 1.58 on Lambda's Node 22: the newest Playwright runtime aws-cdk-lib knows (ADR 043). */
export const CANARY_RUNTIME = synthetics.Runtime.SYNTHETICS_NODEJS_PLAYWRIGHT_6_0;
/** esbuild's target: the runtime's Node, not the app's. */
export const CANARY_NODE_TARGET = "node22";
/** The canary script (the journey with Synthetics' steps), bundled as index.js. */
export const CANARY_ENTRY = path.join(REPO_ROOT, "canary", "handler.ts");
export const CANARY_HANDLER = "index.handler";
/** Modules the runtime provides: never bundled (the journey imports Playwright's types only). */
export const CANARY_RUNTIME_MODULES = ["@aws/synthetics-playwright", "@playwright/test", "playwright-core"];
export const CANARY_SCHEDULE_MINUTES = 5;
/** Where runs write their screenshots, HAR files and logs, in the artifacts bucket. */
export const CANARY_ARTIFACTS_PREFIX = "canary";
/** Artifacts older than this are deleted (the alarm fires within minutes; a month is enough to compare). */
export const CANARY_ARTIFACT_DAYS = 30;

export interface SyntheticUserProps {
  config: CruddurConfig;
  /** The stack's S3 access-log bucket (the ALB's): the artifacts bucket logs there too. */
  accessLogs: s3.IBucket;
}

/**
 * A synthetic user (ADR 043): a CloudWatch Synthetics canary that runs canary/journey.ts against the public URL
 * every 5 minutes as a dedicated account, whose credentials live in a secret the stack creates and an operator
 * sets (docs/deploy.md, "The canary"). Its role is CDK's default canary role, already scoped to this bucket's
 * prefix, the CloudWatchSynthetics metric namespace and its own log groups, plus reading that one secret.
 * Alarms and the dashboard widget are lib/monitoring.ts's.
 */
export class SyntheticUser extends Construct {
  readonly canary: synthetics.Canary;
  readonly artifacts: s3.Bucket;
  readonly credentials: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: SyntheticUserProps) {
    super(scope, id);
    const { config } = props;

    this.credentials = new secretsmanager.Secret(this, "Credentials", {
      description: 'Cruddur: the canary user\'s {"email","password"} (create the user and set it: docs/deploy.md, "The canary")',
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify({ email: CREDENTIALS_PLACEHOLDER, password: CREDENTIALS_PLACEHOLDER })),
    });
    NagSuppressions.addResourceSuppressions(this.credentials, [
      {
        id: "AwsSolutions-SMG4",
        reason:
          "A Cognito user's password, set by an operator together with the user (docs/deploy.md, The canary); a rotation Lambda would have to change the password in Cognito too. Rotate by hand: admin-set-user-password, then put-secret-value.",
      },
    ]);

    this.artifacts = this.artifactsBucket(props.accessLogs);

    this.canary = new synthetics.Canary(this, "Canary", {
      runtime: CANARY_RUNTIME,
      test: synthetics.Test.custom({ code: canaryCode(), handler: CANARY_HANDLER }),
      schedule: synthetics.Schedule.rate(Duration.minutes(CANARY_SCHEDULE_MINUTES)),
      // A run that hangs is over long before the next one starts.
      timeout: Duration.minutes(2),
      memory: Size.mebibytes(2048),
      environmentVariables: {
        [CANARY_ENVIRONMENT.baseUrl]: `https://${config.domainName}`,
        [CANARY_ENVIRONMENT.secretId]: this.credentials.secretArn,
      },
      artifactsBucketLocation: { bucket: this.artifacts, prefix: CANARY_ARTIFACTS_PREFIX },
      artifactS3EncryptionMode: synthetics.ArtifactsEncryptionMode.S3_MANAGED,
      successRetentionPeriod: Duration.days(7),
      failureRetentionPeriod: Duration.days(CANARY_ARTIFACT_DAYS),
      // The canary's Lambda function and layer go with it.
      provisionedResourceCleanup: true,
    });
    this.credentials.grantRead(this.canary.role);
    NagSuppressions.addResourceSuppressions(
      this.canary.role,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "CDK's canary role, as Synthetics needs it: s3:ListAllMyBuckets and cloudwatch:PutMetricData take no resource (the latter is limited to the CloudWatchSynthetics namespace by condition), artifacts are written under run-dated keys of the canary prefix, and the runtime creates its log groups as /aws/lambda/cwsyn-<canary>-<id>.",
          appliesTo: [
            "Resource::*",
            { regex: "/^Resource::<SyntheticUserArtifacts[0-9A-F]{8}\\.Arn>\\/canary\\/\\*$/g" },
            { regex: "/^Resource::arn:aws[a-z-]*:logs:[a-z0-9-]+:\\d{12}:log-group:\\/aws\\/lambda\\/cwsyn-\\*$/g" },
          ],
        },
      ],
      true,
    );
  }

  /** Private, TLS-only, SSE-S3, access-logged, versioned for a day, and every run's files gone after a month. */
  private artifactsBucket(accessLogs: s3.IBucket): s3.Bucket {
    return privateBucket(this, "Artifacts", {
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "canary-artifacts-s3/",
      lifecycleRules: [
        {
          id: "CanaryRunsGo",
          expiration: Duration.days(CANARY_ARTIFACT_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      // Emptied by the lifecycle rule; delete it yourself after destroying the stack (docs/deploy.md, Rollback).
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/**
 * canary/handler.ts and what it imports (the journey, the AWS SDK's Secrets Manager client), bundled at synth
 * by the esbuild in cdk/node_modules, never Docker: one CommonJS index.js at the root of the zip, which is the
 * layout the Playwright runtimes load. The asset's hash is the bundle's, so a change anywhere in it deploys.
 */
export function canaryCode(): synthetics.Code {
  return synthetics.Code.fromAsset(path.dirname(CANARY_ENTRY), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry("public.ecr.aws/docker/library/node:22-slim"),
      local: {
        tryBundle(outputDir: string): boolean {
          buildSync({
            entryPoints: [CANARY_ENTRY],
            outfile: path.join(outputDir, "index.js"),
            bundle: true,
            platform: "node",
            target: CANARY_NODE_TARGET,
            format: "cjs",
            external: CANARY_RUNTIME_MODULES,
            minify: true,
            keepNames: true,
            legalComments: "none",
            logLevel: "error",
          });
          return true;
        },
      },
    },
  });
}
