import { CfnGuardValidator } from "@cdklabs/cdk-validator-cfnguard";

/** A Control Tower proactive control this app does not meet, on purpose. */
export interface Acknowledgement {
  /** The resources (construct paths) that do not meet it, and no other: test/proactive-controls.test.ts checks both ways. */
  resources: readonly string[];
  /** Why: what it would cost, or what covers the risk instead. */
  reason: string;
}

/**
 * The one place where proactive controls are switched off (docs/decisions/030-cdk-checked-before-deploy.md).
 * Keys are the validator's rule names, the control's id in lower case (CT.RDS.PR.1 -> ct-rds-pr-1), which is
 * what its `disabledRules` takes. Every other bundled control must pass for every stack.
 */
export const ACKNOWLEDGED_CONTROLS: Readonly<Record<string, Acknowledgement>> = {
  "ct-rds-pr-1": {
    resources: ["Cruddur/Database/Instance/Resource"],
    reason:
      "Multi-AZ doubles the database's cost; the smallest setup runs single-AZ with 7-day backups (ADR 007), and cruddur:dbMultiAz=true turns it on for production.",
  },
  "ct-rds-pr-20": {
    resources: ["Cruddur/Database/Instance/Resource"],
    reason:
      "The default port 5432 is kept: the instance is in isolated subnets and its security group admits only the app's and the Lambda's security groups, so another port hides nothing.",
  },
  "ct-rds-pr-30": {
    resources: ["Cruddur/Database/Instance/Resource"],
    reason:
      "Storage is encrypted with the AWS-managed aws/rds key. A customer-managed key is needed to share snapshots with another account or to cut access by key policy, neither of which this app does (switching later means restoring from a snapshot).",
  },
  "ct-s3-pr-2": {
    resources: ["Cruddur/App/AlbAccessLogs/Resource"],
    reason: "This bucket holds the ALB's access logs; logging access to it would need another log bucket, and that one another.",
  },
  "ct-s3-pr-4": {
    resources: ["Cruddur/App/AlbAccessLogs/Resource"],
    reason: "Nothing consumes access-log objects as they arrive; they are read on demand (Athena, a download) while investigating.",
  },
  "ct-s3-pr-9": {
    resources: ["Cruddur/App/AlbAccessLogs/Resource"],
    reason:
      "Object Lock (WORM) is for compliance archives; these access logs expire after 90 days, and versioning keeps a deleted or overwritten one for 30 days.",
  },
  "ct-s3-pr-10": {
    resources: ["Cruddur/App/AlbAccessLogs/Resource"],
    reason: "ALB access-log delivery supports SSE-S3 only (not SSE-KMS); the bucket is SSE-S3 encrypted, TLS-only and blocks public access.",
  },
};

/** The control id a rule name stands for: ct-rds-pr-1 -> CT.RDS.PR.1. */
export const controlId = (ruleName: string) => ruleName.toUpperCase().replace(/-/g, ".");

/** CDK policy validation with AWS Control Tower's proactive controls (bundled cfn-guard binary and rules, offline). */
export function proactiveControls(): CfnGuardValidator[] {
  return [new CfnGuardValidator({ disabledRules: Object.keys(ACKNOWLEDGED_CONTROLS) })];
}
