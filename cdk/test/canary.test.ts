// The synthetic user (lib/canary.ts, ADR 043): the canary's runtime, schedule, script bundle and environment, its
// role's reach, the artifacts bucket and the credentials' secret, pinned from the synthesized template.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { Stage } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { CANARY_ENVIRONMENT, CREDENTIALS_PLACEHOLDER } from "../../canary/credentials.ts";
import { JOURNEY_STEPS } from "../../canary/journey.ts";
import { CANARY_ARTIFACT_DAYS, CANARY_RUNTIME_MODULES } from "../lib/canary.ts";
import { makeStack, refId, type Json } from "./helpers.ts";

const stack = makeStack();
const template = Template.fromStack(stack);
const ofType = (type: string): Array<[string, Json]> => Object.entries(template.findResources(type) as Json).map(([id, r]) => [id, r as Json]);
const [canaryId, canaryResource] = ofType("AWS::Synthetics::Canary")[0]!;
const canary = canaryResource.Properties as Json;
const secretId = ofType("AWS::SecretsManager::Secret").find(([id]) => id.startsWith("SyntheticUserCredentials"))![0];
const artifactsId = refId(canary.ArtifactS3Location["Fn::Join"][1][1])!;
const artifacts = (template.findResources("AWS::S3::Bucket") as Json)[artifactsId] as Json;

test("one canary: Playwright runtime 6.0, every 5 minutes, started on creation, 2-minute runs, its Lambda cleaned up with it", () => {
  assert.equal(ofType("AWS::Synthetics::Canary").length, 1);
  assert.equal(canary.RuntimeVersion, "syn-nodejs-playwright-6.0");
  assert.deepEqual(canary.Schedule, { Expression: "rate(5 minutes)", DurationInSeconds: "0" });
  assert.equal(canary.StartCanaryAfterCreation, true);
  assert.equal(canary.RunConfig.TimeoutInSeconds, 120);
  assert.equal(canary.RunConfig.MemoryInMB, 2048);
  assert.equal(canary.ProvisionedResourceCleanup, "AUTOMATIC");
  assert.equal(canary.SuccessRetentionPeriod, 7);
  assert.equal(canary.FailureRetentionPeriod, CANARY_ARTIFACT_DAYS);
});

test("its environment: the public URL and the credentials' secret ARN, never a credential", () => {
  assert.deepEqual(canary.RunConfig.EnvironmentVariables, {
    [CANARY_ENVIRONMENT.baseUrl]: "https://cruddur.example.com",
    [CANARY_ENVIRONMENT.secretId]: { Ref: secretId },
  });
});

test("its script: canary/handler.ts bundled as one CommonJS index.js, the runtime's modules left out, loadable as the runtime loads it", () => {
  assert.equal(canary.Code.Handler, "index.handler");
  const hash = String(canary.Code.S3Key).replace(/\.zip$/, "");
  const bundle = path.join(Stage.of(stack)!.outdir, `asset.${hash}`);
  assert.deepEqual(fs.readdirSync(bundle), ["index.js"]);
  const script = fs.readFileSync(path.join(bundle, "index.js"), "utf8");
  for (const name of JOURNEY_STEPS) assert.ok(script.includes(JSON.stringify(name)), `step "${name}" in the bundle`);
  for (const module of CANARY_RUNTIME_MODULES) assert.doesNotMatch(script, new RegExp(`node_modules/${module}/`), `${module} is the runtime's`);
  assert.match(script, /require\("@aws\/synthetics-playwright"\)/);

  // Loaded with only the runtime's module beside it (a stand-in that must not be reached): the AWS SDK is inside.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "canary-bundle-"));
  fs.copyFileSync(path.join(bundle, "index.js"), path.join(dir, "index.js"));
  const stub = path.join(dir, "node_modules", "@aws", "synthetics-playwright");
  fs.mkdirSync(stub, { recursive: true });
  fs.writeFileSync(path.join(stub, "index.js"), 'exports.synthetics = new Proxy({}, { get() { throw new Error("reached the browser"); } });');
  const loaded = createRequire(path.join(dir, "index.js"))("./index.js") as { handler: () => Promise<void> };
  assert.equal(typeof loaded.handler, "function");
  const saved = process.env[CANARY_ENVIRONMENT.baseUrl];
  delete process.env[CANARY_ENVIRONMENT.baseUrl];
  return assert.rejects(loaded.handler(), new RegExp(`${CANARY_ENVIRONMENT.baseUrl} is not set`)).finally(() => {
    if (saved !== undefined) process.env[CANARY_ENVIRONMENT.baseUrl] = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

test("its role: the artifacts prefix, the CloudWatchSynthetics namespace, its own log groups, and reading exactly its secret", () => {
  const roleArn = canary.ExecutionRoleArn["Fn::GetAtt"][0] as string;
  const role = (template.findResources("AWS::IAM::Role") as Json)[roleArn].Properties as Json;
  assert.deepEqual(role.AssumeRolePolicyDocument.Statement, [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } }]);
  assert.equal(role.ManagedPolicyArns, undefined);
  const inline = (role.Policies as Json[]).flatMap((p) => p.PolicyDocument.Statement as Json[]);
  const attached = ofType("AWS::IAM::Policy")
    .filter(([, p]) => (p.Properties.Roles as Json[]).some((r) => refId(r) === roleArn))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
  const text = (value: unknown) => JSON.stringify(value);
  assert.deepEqual(
    [...inline, ...attached].map((s) => [s.Action, text(s.Resource), s.Condition ?? null]),
    [
      ["s3:ListAllMyBuckets", '"*"', null],
      ["s3:GetBucketLocation", text({ "Fn::GetAtt": [artifactsId, "Arn"] }), null],
      ["s3:PutObject", text({ "Fn::Join": ["", [{ "Fn::GetAtt": [artifactsId, "Arn"] }, "/canary/*"]] }), null],
      ["cloudwatch:PutMetricData", '"*"', { StringEquals: { "cloudwatch:namespace": "CloudWatchSynthetics" } }],
      [["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], '"arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/cwsyn-*"', null],
      [["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"], text({ Ref: secretId }), null],
    ],
  );
});

test("artifacts bucket: private, SSE-S3, TLS only, access-logged, versioned, every run's files gone after 30 days, under canary/", () => {
  assert.deepEqual(canary.ArtifactS3Location, { "Fn::Join": ["", ["s3://", { Ref: artifactsId }, "/canary"]] });
  assert.deepEqual(canary.ArtifactConfig, { S3Encryption: { EncryptionMode: "SSE_S3" } });
  const p = artifacts.Properties as Json;
  assert.deepEqual(p.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  assert.deepEqual(p.BucketEncryption.ServerSideEncryptionConfiguration, [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }]);
  assert.deepEqual(p.OwnershipControls.Rules, [{ ObjectOwnership: "BucketOwnerEnforced" }]);
  assert.equal(p.VersioningConfiguration.Status, "Enabled");
  assert.equal(p.LoggingConfiguration.LogFilePrefix, "canary-artifacts-s3/");
  assert.deepEqual(p.LifecycleConfiguration.Rules, [
    {
      Id: "CanaryRunsGo",
      Status: "Enabled",
      ExpirationInDays: 30,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    },
  ]);
  const policy = ofType("AWS::S3::BucketPolicy").find(([, b]) => refId(b.Properties.Bucket) === artifactsId)![1].Properties as Json;
  assert.deepEqual(
    (policy.PolicyDocument.Statement as Json[]).map((s) => [s.Effect, s.Action, s.Condition]),
    [["Deny", "s3:*", { Bool: { "aws:SecureTransport": "false" } }]],
  );
});

test("credentials' secret: created with a placeholder the canary refuses, for an operator to set", () => {
  const secret = (template.findResources("AWS::SecretsManager::Secret") as Json)[secretId].Properties as Json;
  assert.deepEqual(JSON.parse(secret.SecretString as string), { email: CREDENTIALS_PLACEHOLDER, password: CREDENTIALS_PLACEHOLDER });
  assert.equal(secret.GenerateSecretString, undefined);
  const outputs = template.findOutputs("*") as Json;
  assert.deepEqual(outputs.CanaryCredentialsSecretArn.Value, { Ref: secretId });
  assert.deepEqual(outputs.CanaryName.Value, { Ref: canaryId });
  assert.deepEqual(outputs.CanaryArtifactsBucketName.Value, { Ref: artifactsId });
});
