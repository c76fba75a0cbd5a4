import type { Construct } from "constructs";
import { ArnFormat, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import type { CruddurConfig } from "./config.ts";

/** Construct id of the stack's one log-encryption key (a child of the stack). */
export const LOGS_KEY_ID = "LogsKey";

/**
 * The stack's customer-managed key for CloudWatch Logs (Control Tower CT.CLOUDWATCH.PR.3). One key for
 * every log group: about USD 1 a month, and CloudWatch Logs caches data keys, so few KMS requests.
 * Readers need only logs:* permissions; the service decrypts for them.
 */
export function logsKey(scope: Construct): kms.Key {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LOGS_KEY_ID);
  if (existing) return existing as kms.Key;
  const key = new kms.Key(stack, LOGS_KEY_ID, {
    description: `${stack.stackName}: encrypts the stack's CloudWatch log groups`,
    enableKeyRotation: true,
    // The log groups go with the stack; a deleted stack's key is only scheduled for deletion (30 days).
    removalPolicy: RemovalPolicy.DESTROY,
  });
  // CloudWatch Logs encrypts with the key only for log groups of this account and region.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudWatchLogsOfThisAccount",
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      resources: ["*"],
      conditions: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": stack.formatArn({
            service: "logs",
            resource: "log-group",
            resourceName: "*",
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
  // Nobody creates grants on it but AWS services for AWS resources (CT.KMS.PR.3); CloudWatch Logs needs none.
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "GrantsOnlyForAwsServices",
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ["kms:CreateGrant"],
      resources: ["*"],
      conditions: { BoolIfExists: { "kms:GrantIsForAWSResource": "false", "aws:PrincipalIsAWSService": "false" } },
    }),
  );
  return key;
}

/**
 * Every log group of the stack: the configured retention (a year by default, CT.CLOUDWATCH.PR.2) and
 * the stack's log key. Removed with the stack: what must outlive it is exported, not kept here.
 */
export function logGroup(scope: Construct, id: string, config: CruddurConfig, props: Pick<logs.LogGroupProps, "logGroupName"> = {}): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    ...props,
    retention: config.logRetention,
    encryptionKey: logsKey(scope),
    removalPolicy: RemovalPolicy.DESTROY,
  });
}
