import type { Construct } from "constructs";
import * as s3 from "aws-cdk-lib/aws-s3";

/**
 * Every bucket of the stack starts alike: no public access, TLS only, SSE-S3 (ALB and CloudFront log
 * delivery and CloudFront's OAC read and write it without kms: rights), the account owning every object, and
 * versioned (CT.S3.PR.11). Each bucket adds what is its own: its access logs, lifecycle, removal policy.
 */
export function privateBucket(scope: Construct, id: string, props: s3.BucketProps = {}): s3.Bucket {
  return new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    ...props,
  });
}
