import { test } from "node:test";
import assert from "node:assert/strict";
import { Aspects, CfnResource, Stack } from "aws-cdk-lib";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { makeApp, makeDeployStack, makeStack } from "./helpers.ts";

interface Suppression {
  id: string;
  reason: string;
}

function suppressionsOf(root: IConstruct): Array<{ path: string } & Suppression> {
  const found: Array<{ path: string } & Suppression> = [];
  for (const c of root.node.findAll()) {
    if (!CfnResource.isCfnResource(c)) continue;
    const meta = c.getMetadata("cdk_nag") as { rules_to_suppress?: Suppression[] } | undefined;
    for (const rule of meta?.rules_to_suppress ?? []) found.push({ path: c.node.path, ...rule });
  }
  return found;
}

const app = makeApp();
const stack: Stack = makeStack(app);
const deployStack: Stack = makeDeployStack(app);
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true, logIgnores: true }));
app.synth();
const annotations = Annotations.fromStack(stack);
const deployAnnotations = Annotations.fromStack(deployStack);

test("cdk-nag AwsSolutions: no unsuppressed errors", () => {
  const errors = annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
  assert.deepEqual(
    errors.map((e) => `${e.id}: ${String(e.entry.data).split("\n")[0]}`),
    [],
  );
});

test("cdk-nag AwsSolutions: no unsuppressed warnings", () => {
  const warnings = annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
  assert.deepEqual(
    warnings.map((w) => `${w.id}: ${String(w.entry.data).split("\n")[0]}`),
    [],
  );
});

test("every cdk-nag suppression names a rule and gives a real reason", () => {
  const suppressions = suppressionsOf(stack);
  assert.ok(suppressions.length > 0, "expected the documented suppressions to be present");
  for (const s of suppressions) {
    assert.match(s.id, /^AwsSolutions-[A-Z0-9]+$/, `${s.path}: rule id`);
    assert.ok(s.reason.trim().length >= 60, `${s.path} ${s.id}: reason too short: "${s.reason}"`);
    assert.doesNotMatch(s.reason, /\b(todo|fixme|tbd|n\/a)\b/i, `${s.path} ${s.id}: placeholder reason`);
  }
});

test("cdk-nag AwsSolutions on the GitHub deploy stack: no errors, no warnings, nothing suppressed", () => {
  const findings = [
    ...deployAnnotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")),
    ...deployAnnotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")),
  ];
  assert.deepEqual(
    findings.map((f) => `${f.id}: ${String(f.entry.data).split("\n")[0]}`),
    [],
  );
  assert.deepEqual(suppressionsOf(deployStack), []);
});

test("every suppression is used: each suppressed rule was actually reported", () => {
  // logIgnores: true makes cdk-nag annotate each finding it suppressed ("... was triggered but suppressed").
  const ignored = annotations.findInfo("*", Match.stringLikeRegexp("AwsSolutions-.*")).map((i) => `${i.id} ${String(i.entry.data)}`);
  for (const s of suppressionsOf(stack)) {
    assert.ok(
      ignored.some((line) => line.includes(s.id)),
      `${s.path}: suppression of ${s.id} never matched a finding (remove it)`,
    );
  }
});
