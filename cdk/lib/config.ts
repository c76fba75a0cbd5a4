import { createPublicKey } from "node:crypto";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Node } from "constructs";
import * as logs from "aws-cdk-lib/aws-logs";

/** cdk/ and the repository root, independent of the current directory. */
export const CDK_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_ROOT = path.resolve(CDK_DIR, "..");

/** Everything deployment-specific comes from CDK context (cdk.json, or `-c key=value`). */
export interface CruddurConfig {
  account: string;
  region: string;
  /** The app's public host name, inside the hosted zone. */
  domainName: string;
  hostedZoneId: string;
  hostedZoneName: string;
  natGateways: number;
  desiredCount: number;
  maxCount: number;
  taskCpu: number;
  taskMemoryMiB: number;
  requestsPerTarget: number;
  /** WAF: requests one IP may make in 5 minutes before it gets 429s (WAF's minimum is 10). */
  wafRateLimit: number;
  dbInstanceType: string;
  dbMultiAz: boolean;
  dbDeletionProtection: boolean;
  /** The ALB refuses deletion (to destroy the stack, turn it off with the AWS CLI first: docs/deploy.md). */
  albDeletionProtection: boolean;
  logRetention: logs.RetentionDays;
  adotImage: string;
  honeycombEndpoint: string;
  /** Shown by the app; empty means "derive from the image asset hash". */
  appVersion: string;
  /** Where alarm notifications go by e-mail; empty: no subscription (subscribe to the topic yourself). */
  alarmEmail: string;
  alarms: AlarmThresholds;
  github: GitHubDeployConfig;
  media: MediaConfig;
}

/** Pictures in AWS (lib/media.ts, ADR 033): served from `media.<domainName>` by CloudFront. */
export interface MediaConfig {
  /**
   * The ACM certificate of `media.<domainName>`, requested once by the operator in CLOUDFRONT_CERTIFICATE_REGION
   * (CloudFront takes certificates from there only; the stack lives in `region`): docs/deploy.md, "Pictures".
   */
  certificateArn: string;
  /** The public half (PEM, RSA 2048) of the key pair that signs crud picture URLs; the private half is in Secrets Manager. */
  signingPublicKey: string;
}

/** CloudFront reads viewer certificates from this region only, whatever region the stack is in. */
export const CLOUDFRONT_CERTIFICATE_REGION = "us-east-1";

/** The one repository and branch whose GitHub Actions runs may deploy (lib/github-deploy-stack.ts). */
export interface GitHubDeployConfig {
  /** `OWNER/REPO`, exactly as GitHub spells it. */
  repository: string;
  /** The branch whose pushes deploy; the role's trust names it exactly (no wildcard). */
  branch: string;
  /** An account has one provider per URL: the ARN of an existing GitHub provider to reuse; empty: create it. */
  oidcProviderArn: string;
}

/**
 * When an alarm fires (lib/monitoring.ts; what each means and what to do: docs/deploy.md, "Alarms").
 * These defaults suit the smallest setup; a deployment overrides any of them with the context key
 * `cruddur:alarms`, a JSON object of the same names, e.g. `-c 'cruddur:alarms={"dbConnections":400}'`.
 */
export interface AlarmThresholds {
  /** ALB: 5xx answers (the load balancer's own and the app's) as a share of requests over 5 minutes, in %. */
  http5xxPercent: number;
  /** ... judged only from this many requests in the 5 minutes (2 errors out of 3 requests are not an outage). */
  http5xxMinRequests: number;
  /** ALB: the app's 99th-percentile response time, in seconds, for 5 minutes in a row. */
  p99LatencySeconds: number;
  /** ALB: this many unhealthy targets (or more) for 5 minutes in a row. */
  unhealthyTargets: number;
  /** ECS service: average CPU and memory, in % of the task size, for 15 minutes. */
  serviceCpuPercent: number;
  serviceMemoryPercent: number;
  /** RDS: CPU in % for 15 minutes; free storage below this many GiB. */
  dbCpuPercent: number;
  dbFreeStorageGiB: number;
  /**
   * RDS: open connections, for 10 minutes. PostgreSQL's max_connections on RDS is
   * LEAST(DBInstanceClassMemory/9531392, 5000), about 80 on a db.t4g.micro: set ~80 % of `SHOW max_connections`.
   */
  dbConnections: number;
  /** Post Confirmation Lambda: errors and throttles in 5 minutes (each one is a sign-up that did not finish). */
  postConfirmationErrors: number;
  postConfirmationThrottles: number;
  /** ... its slowest run in 5 minutes, in seconds: Cognito gives up on a trigger after 5 s. */
  postConfirmationDurationSeconds: number;
  /** The purge: the oldest expired crud's lag, in seconds (docs/product.md §2 promises deletion within 5 minutes). */
  expiryLagSeconds: number;
  /** The purge: minutes without any purge round reported, from any task. */
  purgeSilenceMinutes: number;
  /** The canary (lib/canary.ts, one run every 5 minutes): this many failed runs in a row. */
  canaryFailedRuns: number;
  /** ... its slowest run in 5 minutes, in seconds, for 15 minutes (the journey takes a few seconds when all is well). */
  canaryDurationSeconds: number;
}

export const DEFAULT_ALARM_THRESHOLDS: Readonly<AlarmThresholds> = {
  http5xxPercent: 5,
  http5xxMinRequests: 20,
  p99LatencySeconds: 2,
  unhealthyTargets: 1,
  serviceCpuPercent: 80,
  serviceMemoryPercent: 80,
  dbCpuPercent: 80,
  dbFreeStorageGiB: 2,
  dbConnections: 64,
  postConfirmationErrors: 1,
  postConfirmationThrottles: 1,
  postConfirmationDurationSeconds: 4,
  expiryLagSeconds: 300,
  purgeSilenceMinutes: 10,
  canaryFailedRuns: 2,
  canaryDurationSeconds: 30,
};

const PREFIX = "cruddur:";

function raw(node: Node, key: string): unknown {
  const value: unknown = node.tryGetContext(PREFIX + key);
  if (value === undefined || value === null) {
    throw new Error(`missing CDK context "${PREFIX}${key}" (set it in cdk/cdk.json or pass -c ${PREFIX}${key}=...)`);
  }
  return value;
}

function str(node: Node, key: string, allowEmpty = false): string {
  const value = String(raw(node, key));
  if (!allowEmpty && value.trim() === "") throw new Error(`CDK context "${PREFIX}${key}" is empty`);
  return value;
}

function int(node: Node, key: string, min: number): number {
  const value = Number(raw(node, key));
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`CDK context "${PREFIX}${key}" must be an integer >= ${min}`);
  }
  return value;
}

function bool(node: Node, key: string): boolean {
  const value = raw(node, key);
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new Error(`CDK context "${PREFIX}${key}" must be true or false`);
}

function retention(node: Node, key: string): logs.RetentionDays {
  const days = int(node, key, 1);
  const allowed = Object.values(logs.RetentionDays).filter((v): v is number => typeof v === "number");
  if (!allowed.includes(days)) {
    throw new Error(`CDK context "${PREFIX}${key}"=${days} is not a CloudWatch retention (${allowed.join(", ")})`);
  }
  return days as logs.RetentionDays;
}

/** The defaults, with what `cruddur:alarms` (an object, or its JSON from `-c`) overrides; unknown names are refused. */
function alarmThresholds(node: Node): AlarmThresholds {
  let overrides: unknown = node.tryGetContext(`${PREFIX}alarms`) ?? {};
  if (typeof overrides === "string") {
    try {
      overrides = JSON.parse(overrides);
    } catch {
      throw new Error(`CDK context "${PREFIX}alarms" must be a JSON object`);
    }
  }
  if (typeof overrides !== "object" || overrides === null || Array.isArray(overrides)) throw new Error(`CDK context "${PREFIX}alarms" must be a JSON object`);
  const thresholds: AlarmThresholds = { ...DEFAULT_ALARM_THRESHOLDS };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in thresholds)) throw new Error(`CDK context "${PREFIX}alarms": unknown threshold "${name}" (known: ${Object.keys(thresholds).join(", ")})`);
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new Error(`CDK context "${PREFIX}alarms": ${name} must be a positive number`);
    thresholds[name as keyof AlarmThresholds] = value;
  }
  if (!Number.isInteger(thresholds.purgeSilenceMinutes)) throw new Error(`CDK context "${PREFIX}alarms": purgeSilenceMinutes must be whole minutes`);
  if (!Number.isInteger(thresholds.canaryFailedRuns)) throw new Error(`CDK context "${PREFIX}alarms": canaryFailedRuns must be a whole number of runs`);
  return thresholds;
}

const GITHUB_REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
// One branch name in the characters git allows, without `*`: a wildcard would widen the role's trust.
const GITHUB_BRANCH = /^(?!\/)(?!.*\/\/)(?!.*\.\.)[A-Za-z0-9._/-]+(?<!\/)$/;
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate\/[0-9a-f-]{36}$/;
const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

export function readConfig(node: Node): CruddurConfig {
  const config: CruddurConfig = {
    account: str(node, "account"),
    region: str(node, "region"),
    domainName: str(node, "domainName"),
    hostedZoneId: str(node, "hostedZoneId"),
    hostedZoneName: str(node, "hostedZoneName"),
    natGateways: int(node, "natGateways", 1),
    desiredCount: int(node, "desiredCount", 1),
    maxCount: int(node, "maxCount", 1),
    taskCpu: int(node, "taskCpu", 256),
    taskMemoryMiB: int(node, "taskMemoryMiB", 512),
    requestsPerTarget: int(node, "requestsPerTarget", 1),
    wafRateLimit: int(node, "wafRateLimit", 10),
    dbInstanceType: str(node, "dbInstanceType"),
    dbMultiAz: bool(node, "dbMultiAz"),
    dbDeletionProtection: bool(node, "dbDeletionProtection"),
    albDeletionProtection: bool(node, "albDeletionProtection"),
    logRetention: retention(node, "logRetentionDays"),
    adotImage: str(node, "adotImage"),
    honeycombEndpoint: str(node, "honeycombEndpoint"),
    appVersion: str(node, "appVersion", true),
    alarmEmail: str(node, "alarmEmail", true).trim(),
    alarms: alarmThresholds(node),
    github: {
      repository: str(node, "githubRepository"),
      branch: str(node, "githubBranch"),
      oidcProviderArn: str(node, "githubOidcProviderArn", true).trim(),
    },
    media: {
      certificateArn: str(node, "mediaCertificateArn").trim(),
      signingPublicKey: str(node, "mediaSigningPublicKey").trim(),
    },
  };
  if (!/^\d{12}$/.test(config.account)) throw new Error(`CDK context "${PREFIX}account" must be a 12-digit AWS account id`);
  const zone = config.hostedZoneName.replace(/\.$/, "");
  if (config.domainName !== zone && !config.domainName.endsWith(`.${zone}`)) {
    throw new Error(`domainName ${config.domainName} is not inside hosted zone ${zone}`);
  }
  if (config.maxCount < config.desiredCount) throw new Error("cruddur:maxCount must be >= cruddur:desiredCount");
  if (config.alarmEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(config.alarmEmail)) throw new Error(`CDK context "${PREFIX}alarmEmail" is not an e-mail address`);
  if (!GITHUB_REPOSITORY.test(config.github.repository)) throw new Error(`CDK context "${PREFIX}githubRepository" must be OWNER/REPO`);
  if (!GITHUB_BRANCH.test(config.github.branch)) throw new Error(`CDK context "${PREFIX}githubBranch" must be one branch name (no wildcard)`);
  if (config.github.oidcProviderArn && !OIDC_PROVIDER_ARN.test(config.github.oidcProviderArn)) {
    throw new Error(`CDK context "${PREFIX}githubOidcProviderArn" must be the ARN of the token.actions.githubusercontent.com provider`);
  }
  checkMedia(config);
  return config;
}

/** What CloudFront would refuse an hour into a deploy, refused at synth. */
function checkMedia(config: CruddurConfig): void {
  const arn = ACM_CERTIFICATE_ARN.exec(config.media.certificateArn);
  if (!arn || arn[1] !== CLOUDFRONT_CERTIFICATE_REGION || arn[2] !== config.account) {
    throw new Error(
      `CDK context "${PREFIX}mediaCertificateArn" must be an ACM certificate ARN in ${CLOUDFRONT_CERTIFICATE_REGION} of account ${config.account}`,
    );
  }
  // CloudFront key groups take RSA 2048 public keys in PEM (SubjectPublicKeyInfo), which the app's signer uses.
  let details: { type?: string; bits?: number } = {};
  try {
    const key = createPublicKey(config.media.signingPublicKey);
    details = { type: key.asymmetricKeyType, bits: key.asymmetricKeyDetails?.modulusLength };
  } catch {
    // reported below
  }
  if (!config.media.signingPublicKey.startsWith("-----BEGIN PUBLIC KEY-----") || details.type !== "rsa" || details.bits !== 2048) {
    throw new Error(
      `CDK context "${PREFIX}mediaSigningPublicKey" must be an RSA 2048 public key in PEM ("-----BEGIN PUBLIC KEY-----"; docs/deploy.md, "Pictures")`,
    );
  }
}
