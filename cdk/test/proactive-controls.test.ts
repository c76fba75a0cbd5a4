// AWS Control Tower's proactive controls (cfn-guard rules bundled with @cdklabs/cdk-validator-cfnguard), run by
// CDK policy validation on every synthesized stack; the exceptions live in lib/proactive-controls.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { CfnResource, Validations, type Stack } from "aws-cdk-lib";
import { CfnGuardValidator } from "@cdklabs/cdk-validator-cfnguard";
import { ACKNOWLEDGED_CONTROLS, controlId, proactiveControls } from "../lib/proactive-controls.ts";
import { makeApp, makeDeployStack, makeStack } from "./helpers.ts";

// In-memory mode: a failed validation throws with the whole report in the message.
const app = makeApp({ "@aws-cdk/core:appMode": "inmemory" });
Validations.of(app).addPlugins(...proactiveControls());
const stacks: Stack[] = [makeStack(app), makeDeployStack(app)];
let synthError: unknown;
try {
  app.synth();
} catch (error) {
  synthError = error;
}
// The templates are written before they are validated, so they are there even when validation failed.
const templatePaths = stacks.map((stack) => path.join(app.outdir, stack.templateFile));

test("proactive controls: every stack synthesizes without a finding that lib/proactive-controls.ts does not acknowledge", () => {
  assert.equal(synthError, undefined, synthError instanceof Error ? synthError.message : String(synthError));
});

test("proactive controls: each acknowledged control fails for exactly its listed resources (no new resource hides behind it, none is stale)", () => {
  const constructPaths = new Map<string, string>();
  for (const stack of stacks) {
    for (const c of stack.node.findAll()) {
      if (CfnResource.isCfnResource(c)) constructPaths.set(`${stack.templateFile}/${stack.resolve(c.logicalId) as string}`, c.node.path);
    }
  }
  // Every bundled control, none disabled.
  const report = new CfnGuardValidator().validate({ templatePaths, appConstruct: app });
  const found = new Set<string>();
  for (const violation of report.violations) {
    const control = /\[(CT\.[A-Z0-9.]+)\]/.exec(violation.description)?.[1] ?? violation.ruleName;
    for (const resource of violation.violatingResources) {
      if (!resource.resourceLogicalId) continue; // the rules' hook-mode twin of the same finding
      const key = `${path.basename(resource.templatePath)}/${resource.resourceLogicalId}`;
      found.add(`${control} ${constructPaths.get(key) ?? key}`);
    }
  }
  const acknowledged = Object.entries(ACKNOWLEDGED_CONTROLS).flatMap(([rule, ack]) => ack.resources.map((resource) => `${controlId(rule)} ${resource}`));
  assert.deepEqual([...found].sort(), acknowledged.sort());
});

test("proactive controls: every acknowledgement names a bundled rule and gives a real reason", () => {
  const bundled = new CfnGuardValidator().ruleIds ?? [];
  assert.ok(bundled.length > 100, `expected the bundled Control Tower rules, found ${bundled.length}`);
  for (const [rule, ack] of Object.entries(ACKNOWLEDGED_CONTROLS)) {
    assert.match(rule, /^ct-[a-z0-9]+-pr-\d+$/, rule);
    assert.ok(bundled.includes(rule.replace(/^ct-/, "").replace(/-/g, "")), `${rule} is not a bundled rule`);
    assert.ok(ack.resources.length > 0, `${rule}: no resource`);
    assert.ok(ack.reason.trim().length >= 60, `${rule}: reason too short`);
    assert.doesNotMatch(ack.reason, /\b(todo|fixme|tbd|n\/a)\b/i, `${rule}: placeholder reason`);
  }
});
