// Pictures in AWS (lib/media.ts, ADR 033): the private bucket, CloudFront on media.<domain>, the app's rights and contract.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { Template } from "aws-cdk-lib/assertions";
import { CRUDS_BACKSTOP_DAYS } from "../lib/media.ts";
import { makeApp, makeStack, only, refId, resources, template, type Json } from "./helpers.ts";

const props = (type: string): Json => only(type)[1].Properties as Json;
const byId = (type: string, id: string | undefined): Json => {
  const found = (template().findResources(type) as Json)[id!];
  assert.ok(found, `${type} ${id}`);
  return found.Properties as Json;
};
const distribution = (): Json => props("AWS::CloudFront::Distribution").DistributionConfig as Json;
/** The media bucket: the distribution's one origin. */
const mediaBucketId = (): string => {
  const origins = distribution().Origins as Json[];
  assert.equal(origins.length, 1);
  return refId(origins[0]!.DomainName)!;
};
const statementsOf = (policyType: string, filter: (p: Json) => boolean): Json[] =>
  resources(policyType)
    .map(([, r]) => r.Properties as Json)
    .filter(filter)
    .flatMap((p) => p.PolicyDocument.Statement as Json[]);

test("media bucket: private, SSE-S3, ACLs off, versioned, server access logs to the stack's log bucket, retained", () => {
  const [id, bucket] = resources("AWS::S3::Bucket").find(([bucketId]) => bucketId === mediaBucketId())!;
  const p = bucket.Properties as Json;
  assert.deepEqual(p.PublicAccessBlockConfiguration, { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  assert.deepEqual(p.BucketEncryption.ServerSideEncryptionConfiguration, [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }]);
  assert.deepEqual(p.OwnershipControls.Rules, [{ ObjectOwnership: "BucketOwnerEnforced" }]);
  assert.equal(p.VersioningConfiguration.Status, "Enabled");
  assert.equal(p.AccessControl, undefined);
  // The ALB's log bucket, under a prefix of its own.
  const albLogBucket = refId(
    (props("AWS::ElasticLoadBalancingV2::LoadBalancer").LoadBalancerAttributes as Json[]).find((a) => a.Key === "access_logs.s3.bucket")!.Value,
  );
  assert.deepEqual(p.LoggingConfiguration, { DestinationBucketName: { Ref: albLogBucket }, LogFilePrefix: "media-s3/" });
  assert.equal((bucket as Json).DeletionPolicy, "Retain", id);
  assert.equal((bucket as Json).UpdateReplacePolicy, "Retain", id);
});

test("media bucket lifecycle: deleted versions go after a day, cruds/ expires after 62 days as a backstop, uploads abort after a day", () => {
  const bucket = byId("AWS::S3::Bucket", mediaBucketId());
  assert.equal(CRUDS_BACKSTOP_DAYS, 31 + 30 + 1);
  const rules = bucket.LifecycleConfiguration.Rules as Json[];
  assert.deepEqual(
    rules.map((r) => ({ ...r, Id: undefined })),
    [
      {
        Id: undefined,
        Status: "Enabled",
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        ExpiredObjectDeleteMarker: true,
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
      { Id: undefined, Status: "Enabled", Prefix: "cruds/", ExpirationInDays: 62 },
    ],
  );
});

test("media bucket policy: TLS only, and reads by this distribution through OAC only; nothing public, no OAI", () => {
  const statements = statementsOf("AWS::S3::BucketPolicy", (p) => refId(p.Bucket) === mediaBucketId());
  assert.equal(statements.length, 2, JSON.stringify(statements));
  const deny = statements.find((s) => s.Effect === "Deny")!;
  assert.deepEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
  assert.equal(deny.Action, "s3:*");
  const allow = statements.find((s) => s.Effect === "Allow")!;
  assert.deepEqual(allow.Principal, { Service: "cloudfront.amazonaws.com" });
  assert.equal(allow.Action, "s3:GetObject");
  assert.match(JSON.stringify(allow.Condition.StringEquals["AWS:SourceArn"]), /:distribution\/.*"Ref":"MediaDistribution/);
  for (const s of statements) assert.notDeepEqual(s.Principal, "*", "no public statement");
  template().resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0);

  const [oacId] = only("AWS::CloudFront::OriginAccessControl");
  const oac = props("AWS::CloudFront::OriginAccessControl").OriginAccessControlConfig as Json;
  assert.deepEqual([oac.OriginAccessControlOriginType, oac.SigningBehavior, oac.SigningProtocol], ["s3", "always", "sigv4"]);
  const origin = (distribution().Origins as Json[])[0]!;
  assert.equal(refId(origin.OriginAccessControlId), oacId);
  assert.deepEqual(origin.S3OriginConfig, { OriginAccessIdentity: "" });
});

test("distribution: media.<domain>, the us-east-1 certificate from context, SNI with TLS 1.2 (2021), HTTP/2 and 3, IPv6, logs to S3", () => {
  const d = distribution();
  assert.deepEqual(d.Aliases, ["media.cruddur.example.com"]);
  assert.deepEqual(d.ViewerCertificate, {
    AcmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
    MinimumProtocolVersion: "TLSv1.2_2021",
    SslSupportMethod: "sni-only",
  });
  assert.equal(d.HttpVersion, "http2and3");
  assert.equal(d.IPV6Enabled, true);
  assert.equal(d.Logging.Prefix, "media-cdn/");
  // CloudFront's standard logs are delivered by ACL grant: their bucket has ACLs, the bucket owner owns the files.
  const logBucket = byId("AWS::S3::Bucket", refId(d.Logging.Bucket));
  assert.deepEqual(logBucket.OwnershipControls.Rules, [{ ObjectOwnership: "BucketOwnerPreferred" }]);
  assert.equal(logBucket.PublicAccessBlockConfiguration.BlockPublicAcls, true);
  assert.equal(logBucket.VersioningConfiguration.Status, "Enabled");
  assert.ok(logBucket.LoggingConfiguration, "its own access logs go to the stack's log bucket");
});

test("distribution behaviours: cruds/* and the default need a signed URL of the key group; profiles/* is unsigned; all HTTPS, GET/HEAD, one header policy", () => {
  const d = distribution();
  const [keyGroupId, keyGroup] = only("AWS::CloudFront::KeyGroup");
  const [publicKeyId] = only("AWS::CloudFront::PublicKey");
  assert.deepEqual((keyGroup.Properties as Json).KeyGroupConfig.Items, [{ Ref: publicKeyId }]);
  assert.match(props("AWS::CloudFront::PublicKey").PublicKeyConfig.EncodedKey, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/);

  const behaviours = d.CacheBehaviors as Json[];
  assert.deepEqual(
    behaviours.map((b) => b.PathPattern),
    ["cruds/*", "profiles/*"],
  );
  const cruds = behaviours[0]!;
  const profiles = behaviours[1]!;
  assert.deepEqual(cruds.TrustedKeyGroups, [{ Ref: keyGroupId }]);
  assert.deepEqual(d.DefaultCacheBehavior.TrustedKeyGroups, [{ Ref: keyGroupId }]);
  assert.equal(profiles.TrustedKeyGroups, undefined);
  for (const b of [...behaviours, d.DefaultCacheBehavior as Json]) {
    assert.equal(b.TrustedSigners, undefined, "key groups, not the legacy account signers");
    assert.equal(b.ViewerProtocolPolicy, "redirect-to-https");
    assert.deepEqual(b.AllowedMethods, ["GET", "HEAD"]);
    assert.equal(b.Compress, false, "WebP is compressed already");
    assert.equal(refId(b.ResponseHeadersPolicyId), only("AWS::CloudFront::ResponseHeadersPolicy")[0]);
    assert.equal(b.OriginRequestPolicyId, undefined, "nothing of the viewer's request reaches S3");
  }

  const policy = (b: Json): Json => byId("AWS::CloudFront::CachePolicy", refId(b.CachePolicyId)).CachePolicyConfig as Json;
  for (const [b, maxTtl] of [
    [cruds, 86_400],
    [d.DefaultCacheBehavior as Json, 86_400],
    [profiles, 3_600],
  ] as Array<[Json, number]>) {
    const p = policy(b);
    assert.equal(p.MaxTTL, maxTtl, String(b.PathPattern));
    assert.equal(p.MinTTL, 0, "the origin's Cache-Control is honoured below the maximum");
    assert.deepEqual(p.ParametersInCacheKeyAndForwardedToOrigin, {
      CookiesConfig: { CookieBehavior: "none" },
      HeadersConfig: { HeaderBehavior: "none" },
      QueryStringsConfig: { QueryStringBehavior: "none" },
      EnableAcceptEncodingGzip: false,
      EnableAcceptEncodingBrotli: false,
    });
  }
});

test("response headers: nosniff, default-src 'none', HSTS, no framing, no referrer", () => {
  const headers = props("AWS::CloudFront::ResponseHeadersPolicy").ResponseHeadersPolicyConfig.SecurityHeadersConfig as Json;
  assert.deepEqual(headers.ContentTypeOptions, { Override: true });
  assert.match(headers.ContentSecurityPolicy.ContentSecurityPolicy, /^default-src 'none'(;|$)/);
  assert.equal(headers.ContentSecurityPolicy.Override, true);
  assert.equal(headers.StrictTransportSecurity.AccessControlMaxAgeSec, 31_536_000);
  assert.equal(headers.StrictTransportSecurity.Override, true);
  assert.deepEqual(headers.FrameOptions, { FrameOption: "DENY", Override: true });
  assert.deepEqual(headers.ReferrerPolicy, { ReferrerPolicy: "no-referrer", Override: true });
});

test("DNS: A and AAAA alias records for media.<domain> point at the distribution", () => {
  const [distributionId] = only("AWS::CloudFront::Distribution");
  const records = resources("AWS::Route53::RecordSet")
    .map(([, r]) => r.Properties as Json)
    .filter((r) => r.Name === "media.cruddur.example.com.");
  assert.deepEqual(records.map((r) => r.Type).sort(), ["A", "AAAA"]);
  for (const r of records) {
    assert.equal(r.HostedZoneId, "Z0000000000EXAMPLE");
    assert.deepEqual(r.AliasTarget.DNSName, { "Fn::GetAtt": [distributionId, "DomainName"] });
  }
});

function appTask(): { td: Json; app: Json } {
  const td = resources("AWS::ECS::TaskDefinition")
    .map(([, r]) => r.Properties as Json)
    .find((p) => (p.ContainerDefinitions as Json[]).some((c) => c.Name === "app"))!;
  return { td, app: (td.ContainerDefinitions as Json[]).find((c) => c.Name === "app")! };
}

test("app task role: put, get and delete on the media bucket's objects and list on the bucket; no other S3 right, no other bucket", () => {
  const { td } = appTask();
  const bucketId = mediaBucketId();
  const s3Statements = statementsOf("AWS::IAM::Policy", (p) => (p.Roles as Json[]).some((r) => refId(r) === refId(td.TaskRoleArn))).filter((s) =>
    [s.Action].flat().some((a: string) => a.startsWith("s3")),
  );
  assert.deepEqual(
    s3Statements.map((s) => ({ Effect: s.Effect, Action: [s.Action].flat().sort(), Resource: s.Resource, Condition: s.Condition })),
    [
      {
        Effect: "Allow",
        Action: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
        Resource: { "Fn::Join": ["", [{ "Fn::GetAtt": [bucketId, "Arn"] }, "/*"]] },
        Condition: undefined,
      },
      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: { "Fn::GetAtt": [bucketId, "Arn"] }, Condition: undefined },
    ],
  );
  // No managed policy either, and no other role may write to the bucket.
  const taskRole = byId("AWS::IAM::Role", refId(td.TaskRoleArn));
  assert.equal(taskRole.ManagedPolicyArns, undefined);
  const writers = resources("AWS::IAM::Policy").filter(([, r]) =>
    ((r.Properties as Json).PolicyDocument.Statement as Json[]).some((s) => JSON.stringify(s.Resource ?? "").includes(bucketId)),
  );
  assert.equal(writers.length, 1, writers.map(([id]) => id).join(", "));
  const all = resources("AWS::IAM::Policy").flatMap(([, r]) => (r.Properties as Json).PolicyDocument.Statement as Json[]);
  for (const s of all) assert.ok(![s.Action].flat().some((a: string) => a === "s3:*" || a === "*"), JSON.stringify(s));
});

test("app container: MEDIA_BUCKET, MEDIA_ORIGIN, MEDIA_SIGNING_KEY_ID in the environment, MEDIA_SIGNING_KEY a secret read by the execution role", () => {
  const { td, app } = appTask();
  const env = Object.fromEntries((app.Environment as Json[]).map((e) => [e.Name, e.Value]));
  assert.deepEqual(env.MEDIA_BUCKET, { Ref: mediaBucketId() });
  assert.equal(env.MEDIA_ORIGIN, "https://media.cruddur.example.com");
  assert.deepEqual(env.MEDIA_SIGNING_KEY_ID, { Ref: only("AWS::CloudFront::PublicKey")[0] });
  assert.equal(env.MEDIA_SIGNING_KEY, undefined, "the private key is never plain environment");

  const secretId = resources("AWS::SecretsManager::Secret").find(([, r]) => /signing CloudFront URLs/.test(String((r.Properties as Json).Description)))![0];
  const secret = (app.Secrets as Json[]).find((s) => s.Name === "MEDIA_SIGNING_KEY")!;
  assert.deepEqual(secret.ValueFrom, { Ref: secretId }, "the whole secret string: the PEM");
  const naming = (roleArn: unknown) =>
    statementsOf("AWS::IAM::Policy", (p) => (p.Roles as Json[]).some((r) => refId(r) === refId(roleArn))).filter((s) =>
      [s.Resource].flat().some((r) => refId(r) === secretId),
    );
  assert.deepEqual(
    naming(td.ExecutionRoleArn).flatMap((s) => [s.Action].flat()),
    ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"],
  );
  const taskRead = naming(td.TaskRoleArn);
  assert.deepEqual(taskRead, [], "the app itself cannot read the secret at run time; ECS hands it over at start");
});

test("the migration task gets no media rights or variables", () => {
  const td = resources("AWS::ECS::TaskDefinition")
    .map(([, r]) => r.Properties as Json)
    .find((p) => (p.ContainerDefinitions as Json[]).some((c) => c.Name === "migrate"))!;
  const migrate = (td.ContainerDefinitions as Json[])[0]!;
  assert.ok(!JSON.stringify(migrate).includes("MEDIA_"));
});

test("a new signing public key in context is a new CloudFront public key (CloudFront cannot update a key's value)", () => {
  const [before] = only("AWS::CloudFront::PublicKey");
  const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }) as string;
  const rotated = Template.fromStack(makeStack(makeApp({ "cruddur:mediaSigningPublicKey": pem })));
  const keys = Object.entries(rotated.findResources("AWS::CloudFront::PublicKey") as Json);
  assert.equal(keys.length, 1);
  const [after, key] = keys[0]!;
  assert.notEqual(after, before, "another logical id: CloudFormation replaces it");
  assert.equal(key.Properties.PublicKeyConfig.EncodedKey, pem.trim());
  assert.deepEqual((Object.values(rotated.findResources("AWS::CloudFront::KeyGroup"))[0] as Json).Properties.KeyGroupConfig.Items, [{ Ref: after }]);
});
