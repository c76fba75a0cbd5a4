import { Construct } from "constructs";
import { CfnOutput, DefaultStackSynthesizer, Duration, Stack, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { CruddurConfig } from "./config.ts";

export const GITHUB_OIDC_ISSUER = "token.actions.githubusercontent.com";
/** The audience aws-actions/configure-aws-credentials asks GitHub to put in the token. */
export const STS_AUDIENCE = "sts.amazonaws.com";
/**
 * What `cdk deploy` does with the bootstrap roles (CDK v2's default synthesizer): the CLI assumes the
 * deploy role (change sets, stack events; it passes the cfn-exec role to CloudFormation, which makes the
 * changes) and the two publishing roles (assets to the bootstrap bucket, the image to its ECR
 * repository). The lookup role is left out: cdk.context.json is committed, so CI never looks anything up.
 */
export const BOOTSTRAP_ROLES_ASSUMED = ["deploy", "file-publishing", "image-publishing"] as const;

export interface GitHubDeployStackProps extends StackProps {
  config: CruddurConfig;
}

/** `repo:OWNER/REPO:ref:refs/heads/BRANCH`: the subject GitHub puts in a push run's token (no `environment:`). */
export const githubSubject = (repository: string, branch: string) => `repo:${repository}:ref:refs/heads/${branch}`;

/**
 * The identity the GitHub Actions workflow deploys with (docs/decisions/024-operating-in-aws.md): the
 * account's GitHub OIDC provider and one role that only pushes to one branch of one repository can
 * assume, and that can do nothing but assume the CDK bootstrap roles. A stack of its own, deployed by
 * hand (an administrator, once): the pipeline deploys `Cruddur` only, so it never edits its own trust.
 */
export class GitHubDeployStack extends Stack {
  readonly role: iam.Role;
  readonly provider: iam.IOidcProvider;

  constructor(scope: Construct, id: string, props: GitHubDeployStackProps) {
    super(scope, id, props);
    const { repository, branch, oidcProviderArn } = props.config.github;

    // An account holds one provider per issuer URL: reuse the existing one when given.
    this.provider = oidcProviderArn
      ? iam.OidcProviderNative.fromOidcProviderArn(this, "GitHubOidcProvider", oidcProviderArn)
      : new iam.OidcProviderNative(this, "GitHubOidcProvider", { url: `https://${GITHUB_OIDC_ISSUER}`, clientIds: [STS_AUDIENCE] });

    this.role = new iam.Role(this, "DeployRole", {
      description: `GitHub Actions deploys of ${repository}@${branch}: may only assume the CDK bootstrap roles`,
      assumedBy: new iam.OpenIdConnectPrincipal(this.provider, {
        StringEquals: {
          [`${GITHUB_OIDC_ISSUER}:aud`]: STS_AUDIENCE,
          [`${GITHUB_OIDC_ISSUER}:sub`]: githubSubject(repository, branch),
        },
      }),
      // A first deploy (RDS, certificate, migration) can take over an hour: the CLI re-assumes the
      // bootstrap roles with this session, so it must outlast the deploy.
      maxSessionDuration: Duration.hours(2),
    });
    const qualifier = (this.node.tryGetContext("@aws-cdk/core:bootstrapQualifier") as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["sts:AssumeRole"],
        resources: BOOTSTRAP_ROLES_ASSUMED.map((kind) =>
          this.formatArn({ service: "iam", region: "", resource: "role", resourceName: `cdk-${qualifier}-${kind}-role-${this.account}-${this.region}` }),
        ),
      }),
    );

    new CfnOutput(this, "DeployRoleArn", {
      value: this.role.roleArn,
      description: "Repository variable CRUDDUR_DEPLOY_ROLE_ARN of the GitHub workflow (docs/deploy.md)",
    });
  }
}
