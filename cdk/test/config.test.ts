import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { CDK_DIR, DEFAULT_ALARM_THRESHOLDS, readConfig } from "../lib/config.ts";
import { makeApp } from "./helpers.ts";

test("config: cdk.json defaults are valid placeholders", () => {
  const config = readConfig(makeApp().node);
  assert.equal(config.domainName, "cruddur.example.com");
  assert.equal(config.region, "eu-west-1");
  assert.equal(config.logRetention, 365);
  assert.equal(config.albDeletionProtection, true);
  assert.equal(config.alarmEmail, "");
  assert.deepEqual(config.github, { repository: "example-org/cruddur", branch: "main", oidcProviderArn: "" });
});

test("config: bad context is rejected with a clear message", () => {
  assert.throws(() => readConfig(makeApp({ "cruddur:account": "12345" }).node), /12-digit/);
  assert.throws(() => readConfig(makeApp({ "cruddur:domainName": "app.other.org" }).node), /not inside hosted zone/);
  assert.throws(() => readConfig(makeApp({ "cruddur:logRetentionDays": 31 }).node), /not a CloudWatch retention/);
  assert.throws(() => readConfig(makeApp({ "cruddur:natGateways": 0 }).node), /natGateways/);
  assert.throws(() => readConfig(makeApp({ "cruddur:dbMultiAz": "yes" }).node), /true or false/);
  assert.throws(() => readConfig(makeApp({ "cruddur:albDeletionProtection": "no" }).node), /albDeletionProtection.*true or false/);
  assert.throws(() => readConfig(makeApp({ "cruddur:wafRateLimit": 5 }).node), /wafRateLimit/);
  assert.throws(() => readConfig(makeApp({ "cruddur:alarmEmail": "oncall" }).node), /alarmEmail/);
  assert.throws(() => readConfig(makeApp({ "cruddur:githubRepository": "cruddur" }).node), /OWNER\/REPO/);
  assert.throws(() => readConfig(makeApp({ "cruddur:githubRepository": "acme/*" }).node), /OWNER\/REPO/);
  for (const branch of ["*", "release/*", "main/", "a..b", ""]) {
    assert.throws(() => readConfig(makeApp({ "cruddur:githubBranch": branch }).node), /githubBranch/, branch);
  }
  assert.throws(
    () => readConfig(makeApp({ "cruddur:githubOidcProviderArn": "arn:aws:iam::123456789012:oidc-provider/example.org" }).node),
    /githubOidcProviderArn/,
  );
});

test("config: alarm thresholds default from the typed config, cruddur:alarms overrides known ones only", () => {
  assert.deepEqual(readConfig(makeApp().node).alarms, DEFAULT_ALARM_THRESHOLDS);
  const tuned = readConfig(makeApp({ "cruddur:alarms": { dbConnections: 400 } }).node).alarms;
  assert.equal(tuned.dbConnections, 400);
  assert.equal(tuned.expiryLagSeconds, 300);
  assert.equal(readConfig(makeApp({ "cruddur:alarms": '{"p99LatencySeconds":1.5}' }).node).alarms.p99LatencySeconds, 1.5);
  assert.throws(() => readConfig(makeApp({ "cruddur:alarms": { expiryLag: 1 } }).node), /unknown threshold "expiryLag"/);
  assert.throws(() => readConfig(makeApp({ "cruddur:alarms": { dbConnections: 0 } }).node), /positive/);
  assert.throws(() => readConfig(makeApp({ "cruddur:alarms": { dbConnections: "many" } }).node), /positive/);
  assert.throws(() => readConfig(makeApp({ "cruddur:alarms": "{not json" }).node), /JSON object/);
  assert.throws(() => readConfig(makeApp({ "cruddur:alarms": { purgeSilenceMinutes: 2.5 } }).node), /whole minutes/);
  assert.throws(() => readConfig(makeApp({ "cruddur:alarms": { canaryFailedRuns: 1.5 } }).node), /whole number of runs/);
  assert.equal(readConfig(makeApp({ "cruddur:alarms": { canaryFailedRuns: 3, canaryDurationSeconds: 20 } }).node).alarms.canaryFailedRuns, 3);
});

test("config: media certificate in us-east-1 of the same account, signing key an RSA 2048 public key in PEM", () => {
  const config = readConfig(makeApp().node);
  assert.match(config.media.certificateArn, /^arn:aws:acm:us-east-1:123456789012:certificate\//);
  assert.match(config.media.signingPublicKey, /^-----BEGIN PUBLIC KEY-----\n/);
  const arn = (region: string, account = "123456789012") => `arn:aws:acm:${region}:${account}:certificate/00000000-0000-0000-0000-000000000000`;
  assert.throws(() => readConfig(makeApp({ "cruddur:mediaCertificateArn": arn("eu-west-1") }).node), /mediaCertificateArn.*us-east-1/);
  assert.throws(() => readConfig(makeApp({ "cruddur:mediaCertificateArn": arn("us-east-1", "210987654321") }).node), /mediaCertificateArn/);
  assert.throws(() => readConfig(makeApp({ "cruddur:mediaCertificateArn": "" }).node), /mediaCertificateArn/);

  const pem = (type: "rsa" | "ec", options: object) =>
    generateKeyPairSync(type as "rsa", options as { modulusLength: number }).publicKey.export({ type: "spki", format: "pem" }) as string;
  const rsa2048 = pem("rsa", { modulusLength: 2048 });
  assert.equal(readConfig(makeApp({ "cruddur:mediaSigningPublicKey": rsa2048 }).node).media.signingPublicKey, rsa2048.trim());
  for (const bad of [
    pem("rsa", { modulusLength: 1024 }),
    pem("ec", { namedCurve: "prime256v1" }),
    "REPLACE_ME",
    rsa2048.replace(/\n[^\n]+\n-----END/, "\n-----END"),
  ]) {
    assert.throws(() => readConfig(makeApp({ "cruddur:mediaSigningPublicKey": bad }).node), /mediaSigningPublicKey/);
  }
  // A private key pasted by mistake is refused too (the public key is derivable from it, but it must never sit in cdk.json).
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  assert.throws(
    () => readConfig(makeApp({ "cruddur:mediaSigningPublicKey": privateKey.export({ type: "pkcs8", format: "pem" }) as string }).node),
    /mediaSigningPublicKey/,
  );
});

test("config: -c strings are parsed like cdk.json values", () => {
  const config = readConfig(makeApp({ "cruddur:desiredCount": "2", "cruddur:maxCount": "6", "cruddur:dbMultiAz": "true" }).node);
  assert.equal(config.desiredCount, 2);
  assert.equal(config.dbMultiAz, true);
});

test("no account id, domain or hosted zone is hard-coded in the CDK code", () => {
  for (const dir of ["bin", "lib", "lambda"]) {
    for (const file of fs.readdirSync(path.join(CDK_DIR, dir))) {
      // CloudFront's certificate region is CloudFront's, not a deployment's: its one declaration is allowed.
      const source = fs.readFileSync(path.join(CDK_DIR, dir, file), "utf8").replace(/^export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";$/m, "");
      assert.doesNotMatch(source, /\b\d{12}\b/, `${dir}/${file}: account id`);
      assert.doesNotMatch(source, /example\.(com|org)|\bZ[0-9A-Z]{10,}\b/, `${dir}/${file}: domain or zone id`);
      assert.doesNotMatch(source, /\b(us|eu|ap|sa|ca|me|af)-(east|west|north|south|central|southeast|northeast)-\d\b/, `${dir}/${file}: region`);
    }
  }
});
