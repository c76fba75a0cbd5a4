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
  "ct-cloudfront-pr-1": {
    resources: ["Cruddur/Media/Distribution/Resource"],
    reason:
      "The media host has no index page: `/` falls to the default behaviour, which requires a signed URL the app never issues for it, and CloudFront's Origin Access Control may not list the bucket, so nothing is listed or served there.",
  },
  "ct-cloudfront-pr-4": {
    resources: ["Cruddur/Media/Distribution/Resource"],
    reason:
      "One S3 origin in the stack's region, like the app itself: a replica bucket in a second region would double storage and every deletion the purge must guarantee (ADR 033) for a failover the app behind it does not have.",
  },
  "ct-s3-pr-2": {
    resources: ["Cruddur/App/AlbAccessLogs/Resource"],
    reason: "This bucket holds the ALB's access logs; logging access to it would need another log bucket, and that one another.",
  },
  "ct-s3-pr-4": {
    resources: [
      "Cruddur/App/AlbAccessLogs/Resource",
      "Cruddur/Media/Bucket/Resource",
      "Cruddur/Media/CdnLogs/Resource",
      "Cruddur/SyntheticUser/Artifacts/Resource",
    ],
    reason:
      "Nothing consumes these objects as they arrive: access logs and the canary's screenshots and HAR files are read on demand (Athena, a download, the Synthetics console) while investigating, and pictures are tracked in the database before they are stored (ADR 033), so no event is needed to know of one.",
  },
  "ct-s3-pr-9": {
    resources: [
      "Cruddur/App/AlbAccessLogs/Resource",
      "Cruddur/Media/Bucket/Resource",
      "Cruddur/Media/CdnLogs/Resource",
      "Cruddur/SyntheticUser/Artifacts/Resource",
    ],
    reason:
      "Object Lock (WORM) is for compliance archives. The access logs expire after 90 days and versioning keeps a deleted one for 30, the canary's run files after 30 days (ADR 043); pictures must be deletable at once (an expired or deleted crud's images go with it, ADR 033), which a retention lock would forbid.",
  },
  "ct-s3-pr-10": {
    resources: [
      "Cruddur/App/AlbAccessLogs/Resource",
      "Cruddur/Media/Bucket/Resource",
      "Cruddur/Media/CdnLogs/Resource",
      "Cruddur/SyntheticUser/Artifacts/Resource",
    ],
    reason:
      "SSE-S3, TLS-only, public access blocked. ALB log delivery supports SSE-S3 only; the CloudFront log bucket matches it (the stack's one key is scoped to CloudWatch Logs). The canary's screenshots and HAR files show a dedicated test account's pages only (ADR 043), read by whoever may read the bucket; a key would add kms: rights to the canary role and a KMS request per file for no narrower reader. Pictures are served to anyone holding their URL, so a key policy would guard nothing the bucket policy (CloudFront's OAC and the app role) does not, while costing a KMS request per upload and origin fetch and kms: rights for both readers.",
  },
};

/** The control id a rule name stands for: ct-rds-pr-1 -> CT.RDS.PR.1. */
export const controlId = (ruleName: string) => ruleName.toUpperCase().replace(/-/g, ".");

/** CDK policy validation with AWS Control Tower's proactive controls (bundled cfn-guard binary and rules, offline). */
export function proactiveControls(): CfnGuardValidator[] {
  return [new CfnGuardValidator({ disabledRules: Object.keys(ACKNOWLEDGED_CONTROLS) })];
}
