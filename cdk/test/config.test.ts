import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { CDK_DIR, readConfig } from "../lib/config.ts";
import { makeApp } from "./helpers.ts";

test("config: cdk.json defaults are valid placeholders", () => {
  const config = readConfig(makeApp().node);
  assert.equal(config.domainName, "cruddur.example.com");
  assert.equal(config.region, "eu-west-1");
  assert.equal(config.logRetention, 30);
});

test("config: bad context is rejected with a clear message", () => {
  assert.throws(() => readConfig(makeApp({ "cruddur:account": "12345" }).node), /12-digit/);
  assert.throws(() => readConfig(makeApp({ "cruddur:domainName": "app.other.org" }).node), /not inside hosted zone/);
  assert.throws(() => readConfig(makeApp({ "cruddur:logRetentionDays": 31 }).node), /not a CloudWatch retention/);
  assert.throws(() => readConfig(makeApp({ "cruddur:natGateways": 0 }).node), /natGateways/);
  assert.throws(() => readConfig(makeApp({ "cruddur:dbMultiAz": "yes" }).node), /true or false/);
  assert.throws(() => readConfig(makeApp({ "cruddur:wafRateLimit": 5 }).node), /wafRateLimit/);
});

test("config: -c strings are parsed like cdk.json values", () => {
  const config = readConfig(makeApp({ "cruddur:desiredCount": "2", "cruddur:maxCount": "6", "cruddur:dbMultiAz": "true" }).node);
  assert.equal(config.desiredCount, 2);
  assert.equal(config.dbMultiAz, true);
});

test("no account id, domain or hosted zone is hard-coded in the CDK code", () => {
  for (const dir of ["bin", "lib", "lambda"]) {
    for (const file of fs.readdirSync(path.join(CDK_DIR, dir))) {
      const source = fs.readFileSync(path.join(CDK_DIR, dir, file), "utf8");
      assert.doesNotMatch(source, /\b\d{12}\b/, `${dir}/${file}: account id`);
      assert.doesNotMatch(source, /example\.(com|org)|\bZ[0-9A-Z]{10,}\b/, `${dir}/${file}: domain or zone id`);
      assert.doesNotMatch(source, /\b(us|eu|ap|sa|ca|me|af)-(east|west|north|south|central|southeast|northeast)-\d\b/, `${dir}/${file}: region`);
    }
  }
});
