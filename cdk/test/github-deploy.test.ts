// The pipeline's identity (ADR 024): GitHub's OIDC provider and a deploy role that one branch of one
// repository can assume, and that can only assume the CDK bootstrap roles. Pinned from the template.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Template } from "aws-cdk-lib/assertions";
import { makeApp, makeDeployStack, type Json } from "./helpers.ts";

const placeholders = Template.fromStack(makeDeployStack());
const ofType = (t: Template, type: string): Array<[string, Json]> => Object.entries(t.findResources(type) as Json).map(([id, r]) => [id, r.Properties as Json]);

function theRole(t: Template): [string, Json] {
  const roles = ofType(t, "AWS::IAM::Role");
  assert.equal(roles.length, 1, "one role, nothing else that could be assumed");
  return roles[0]!;
}

/** Fn::Join of strings and pseudo-parameter refs, as text (`${AWS::Partition}`). */
const text = (value: unknown): string =>
  typeof value === "string"
    ? value
    : (((value as Json)["Fn::Join"][1] as unknown[]).map((p) => (typeof p === "string" ? p : `\${${(p as Json).Ref}}`)).join("") as string);

test("GitHub's OIDC provider: the token.actions issuer, STS as the only audience", () => {
  const providers = ofType(placeholders, "AWS::IAM::OIDCProvider");
  assert.equal(providers.length, 1);
  assert.equal(providers[0]![1].Url, "https://token.actions.githubusercontent.com");
  assert.deepEqual(providers[0]![1].ClientIdList, ["sts.amazonaws.com"]);
  placeholders.resourceCountIs("AWS::Lambda::Function", 0); // the native resource, no custom-resource Lambda
});

test("deploy role trust: web identity from that provider, for exactly one repository's main branch", () => {
  const [providerId] = ofType(placeholders, "AWS::IAM::OIDCProvider")[0]!;
  const [, role] = theRole(placeholders);
  assert.deepEqual(role.AssumeRolePolicyDocument.Statement, [
    {
      Effect: "Allow",
      Action: "sts:AssumeRoleWithWebIdentity",
      Principal: { Federated: { Ref: providerId } },
      Condition: {
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": "repo:example-org/cruddur:ref:refs/heads/main",
        },
      },
    },
  ]);
  assert.doesNotMatch(JSON.stringify(role.AssumeRolePolicyDocument), /StringLike|\*/, "no wildcard anywhere in the trust");
  assert.equal(role.MaxSessionDuration, 7200);
});

test("deploy role permissions: sts:AssumeRole on the three CDK bootstrap roles of this account and region, nothing else", () => {
  const [roleId, role] = theRole(placeholders);
  assert.equal(role.ManagedPolicyArns, undefined);
  assert.equal(role.Policies, undefined);
  const policies = ofType(placeholders, "AWS::IAM::Policy");
  assert.equal(policies.length, 1);
  const [, policy] = policies[0]!;
  assert.deepEqual(policy.Roles, [{ Ref: roleId }]);
  const statements = policy.PolicyDocument.Statement as Json[];
  assert.equal(statements.length, 1);
  assert.equal(statements[0]!.Effect, "Allow");
  assert.equal(statements[0]!.Action, "sts:AssumeRole");
  assert.equal(statements[0]!.Condition, undefined);
  assert.deepEqual(
    (statements[0]!.Resource as unknown[]).map(text).sort(),
    ["deploy", "file-publishing", "image-publishing"].map((kind) => `arn:aws:iam::123456789012:role/cdk-hnb659fds-${kind}-role-123456789012-eu-west-1`).sort(),
  );
  placeholders.hasOutput("DeployRoleArn", { Value: { "Fn::GetAtt": [roleId, "Arn"] } });
});

test("context: another repository and branch, an existing provider reused (not created again), a custom bootstrap qualifier", () => {
  const existing = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
  const t = Template.fromStack(
    makeDeployStack(
      makeApp({
        "cruddur:githubRepository": "acme/cruddur-fork",
        "cruddur:githubBranch": "release/v2",
        "cruddur:githubOidcProviderArn": existing,
        "@aws-cdk/core:bootstrapQualifier": "cruddur1",
      }),
    ),
  );
  t.resourceCountIs("AWS::IAM::OIDCProvider", 0);
  const [, role] = theRole(t);
  const [statement] = role.AssumeRolePolicyDocument.Statement as Json[];
  assert.deepEqual(statement!.Principal, { Federated: existing });
  assert.equal(statement!.Condition.StringEquals["token.actions.githubusercontent.com:sub"], "repo:acme/cruddur-fork:ref:refs/heads/release/v2");
  const resources = (ofType(t, "AWS::IAM::Policy")[0]![1].PolicyDocument.Statement[0].Resource as unknown[]).map(text);
  for (const arn of resources) assert.match(arn, /:role\/cdk-cruddur1-(deploy|file-publishing|image-publishing)-role-/);
});
