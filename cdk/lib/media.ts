import { createHash } from "node:crypto";
import { Construct } from "constructs";
import { Duration, RemovalPolicy, SecretValue } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as iam from "aws-cdk-lib/aws-iam";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as route53Targets from "aws-cdk-lib/aws-route53-targets";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagSuppressions } from "cdk-nag";
import { privateBucket } from "./buckets.ts";
import type { CruddurConfig } from "./config.ts";

/** Object name prefixes (app/media/storage.server.ts, ADR 033): crud and reply images, avatars and banners. */
export const CRUDS_PREFIX = "cruds/";
export const PROFILES_PREFIX = "profiles/";
/**
 * The backstop on `cruds/`: the longest crud lifetime (30 days, a day's margin) plus a report's snapshot
 * (30 days) plus a day. The app's purge deletes every object itself; this only catches what it missed.
 */
export const CRUDS_BACKSTOP_DAYS = 31 + 30 + 1;
/** A deleted picture's bytes survive as a noncurrent version this long (versioning: CT.S3.PR.11). */
export const NONCURRENT_VERSION_DAYS = 1;
/** Crud images: CloudFront keeps a copy at most this long, whatever the object's Cache-Control says. */
export const CRUDS_MAX_TTL = Duration.days(1);
/** Avatars and banners change address with every version, so an hour only bounds a deleted account's. */
export const PROFILES_MAX_TTL = Duration.hours(1);

export interface MediaProps {
  config: CruddurConfig;
  zone: route53.IHostedZone;
  /** The stack's access-log bucket (the ALB's): the media bucket's server access logs go there too. */
  accessLogs: s3.IBucket;
}

/**
 * Pictures in AWS (ADR 033): a private bucket, read only by CloudFront through Origin Access Control, on
 * `media.<domainName>`. Crud images need a signed URL (the app signs with the private key in
 * `signingKey`, up to the crud's expiry); avatars and banners are unsigned.
 */
export class Media extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly publicKey: cloudfront.PublicKey;
  /** The private key (PEM) matching `cruddur:mediaSigningPublicKey`, set by the operator (docs/deploy.md). */
  readonly signingKey: secretsmanager.Secret;
  readonly domainName: string;
  readonly origin: string;

  constructor(scope: Construct, id: string, props: MediaProps) {
    super(scope, id);
    const { config, zone, accessLogs } = props;
    this.domainName = `media.${config.domainName}`;
    this.origin = `https://${this.domainName}`;

    this.bucket = this.mediaBucket(accessLogs);
    // CloudFront cannot change a public key's value, only its comment: a new key in context must be a new
    // resource (new id, key group switched, old key deleted), so the construct id carries the key's hash.
    const keyHash = createHash("sha256").update(config.media.signingPublicKey).digest("hex").slice(0, 8);
    this.publicKey = new cloudfront.PublicKey(this, `SigningPublicKey${keyHash}`, {
      encodedKey: config.media.signingPublicKey,
      comment: "Cruddur: verifies the app's signed URLs of crud pictures",
    });
    const keyGroup = new cloudfront.KeyGroup(this, "SigningKeyGroup", {
      items: [this.publicKey],
      comment: "Cruddur: keys whose signed URLs may fetch crud pictures",
    });
    this.signingKey = new secretsmanager.Secret(this, "SigningPrivateKey", {
      description: "Cruddur: private key (PEM) signing CloudFront URLs of crud pictures (set the real value, see docs/deploy.md)",
      secretStringValue: SecretValue.unsafePlainText("REPLACE_ME"),
    });
    NagSuppressions.addResourceSuppressions(this.signingKey, [
      {
        id: "AwsSolutions-SMG4",
        reason:
          "A CloudFront signing key pair is made by the operator (openssl) and its public half lives in the key group through cdk.json; Secrets Manager cannot rotate both. Rotation is by hand (docs/deploy.md, Pictures).",
      },
    ]);

    this.distribution = this.cdn(config, keyGroup, accessLogs);

    // Both address families: the distribution answers IPv6 (CloudFront's default).
    const target = route53.RecordTarget.fromAlias(new route53Targets.CloudFrontTarget(this.distribution));
    new route53.ARecord(this, "Alias", { zone, recordName: this.domainName, target });
    new route53.AaaaRecord(this, "AliasIpv6", { zone, recordName: this.domainName, target });
  }

  /**
   * The app's object rights and nothing else: put, get and delete objects, and list the bucket (a missing
   * object is then a 404, not a 403). No version actions: deleted pictures' bytes go by the lifecycle rule.
   */
  grantApp(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
        resources: [this.bucket.arnForObjects("*")],
      }),
    );
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [this.bucket.bucketArn] }));
  }

  /**
   * Private, TLS-only, SSE-S3. Not SSE-KMS: the objects are served to anyone holding a URL, so a key policy
   * would guard nothing the bucket policy does not, while CloudFront and the app role would need kms:
   * rights and every origin fetch and upload a KMS request (CT.S3.PR.10 is acknowledged for it).
   */
  private mediaBucket(accessLogs: s3.IBucket): s3.Bucket {
    return privateBucket(this, "Bucket", {
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "media-s3/",
      // Versioned (CT.S3.PR.11: an overwrite or a mistaken delete is recoverable for a day); a day only,
      // because a deleted picture must really go (ADR 033, docs/product.md §2).
      lifecycleRules: [
        {
          id: "DeletedPicturesGo",
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        {
          // A backstop only: the purge deletes crud pictures when their crud and its reports are gone.
          id: "CrudPicturesBackstop",
          prefix: CRUDS_PREFIX,
          expiration: Duration.days(CRUDS_BACKSTOP_DAYS),
        },
      ],
      // People's pictures outlive a deleted stack, as the database leaves its final snapshot.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private cdn(config: CruddurConfig, keyGroup: cloudfront.IKeyGroup, accessLogs: s3.IBucket): cloudfront.Distribution {
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, "Headers", {
      comment: "Cruddur media: an image is never a document, a script or a frame",
      securityHeadersBehavior: {
        contentTypeOptions: { override: true },
        contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'", override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    // The cache key is the path alone: no query string (the signature is checked on the viewer request,
    // before the cache; an object is the same bytes for every signer), no cookie, no header.
    const cachePolicy = (id: string, comment: string, maxTtl: Duration) =>
      new cloudfront.CachePolicy(this, id, {
        comment,
        minTtl: Duration.seconds(0),
        defaultTtl: Duration.hours(1),
        maxTtl,
        queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
        cookieBehavior: cloudfront.CacheCookieBehavior.none(),
        headerBehavior: cloudfront.CacheHeaderBehavior.none(),
        // WebP is compressed already.
        enableAcceptEncodingGzip: false,
        enableAcceptEncodingBrotli: false,
      });
    const signed: cloudfront.BehaviorOptions = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      compress: false,
      trustedKeyGroups: [keyGroup],
      cachePolicy: cachePolicy("CrudsCache", "Cruddur media: crud pictures (signed URLs), origin Cache-Control up to a day", CRUDS_MAX_TTL),
      responseHeadersPolicy,
    };
    const distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: `Cruddur media: ${this.domainName}`,
      domainNames: [this.domainName],
      certificate: acm.Certificate.fromCertificateArn(this, "Certificate", config.media.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      sslSupportMethod: cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      // Anything outside the two prefixes needs a signature too, which the app never issues for it: 403.
      defaultBehavior: signed,
      additionalBehaviors: {
        [`${CRUDS_PREFIX}*`]: signed,
        [`${PROFILES_PREFIX}*`]: {
          ...signed,
          trustedKeyGroups: undefined,
          cachePolicy: cachePolicy("ProfilesCache", "Cruddur media: avatars and banners (unsigned), at most an hour", PROFILES_MAX_TTL),
        },
      },
      // Logged to S3 like the ALB; CloudFront's S3 log delivery writes with ACLs, hence a bucket of its own.
      logBucket: this.cdnLogBucket(accessLogs),
      logFilePrefix: "media-cdn/",
    });
    NagSuppressions.addResourceSuppressions(distribution, [
      {
        id: "AwsSolutions-CFR1",
        reason: "Pictures are shown wherever the app is used; there is no country to restrict, and crud pictures need a signed URL anyway.",
      },
      {
        id: "AwsSolutions-CFR2",
        reason:
          "Static objects from S3 only (GET/HEAD, no body, no query string reaches the origin) and crud pictures need a signed URL; a CLOUDFRONT-scope web ACL would need a second stack in N. Virginia and USD 5+/month for no rule that fits.",
      },
    ]);
    return distribution;
  }

  /** Like the ALB's bucket, but with ACLs: CloudFront's standard logs are delivered by ACL grant. */
  private cdnLogBucket(accessLogs: s3.IBucket): s3.Bucket {
    return privateBucket(this, "CdnLogs", {
      // CloudFront's log delivery needs ACLs enabled; "preferred" makes the stack's account own the logs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "media-cdn-logs-s3/",
      lifecycleRules: [{ expiration: Duration.days(90), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
