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
  logRetention: logs.RetentionDays;
  adotImage: string;
  honeycombEndpoint: string;
  /** Shown by the app; empty means "derive from the image asset hash". */
  appVersion: string;
}

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
    logRetention: retention(node, "logRetentionDays"),
    adotImage: str(node, "adotImage"),
    honeycombEndpoint: str(node, "honeycombEndpoint"),
    appVersion: str(node, "appVersion", true),
  };
  if (!/^\d{12}$/.test(config.account)) throw new Error(`CDK context "${PREFIX}account" must be a 12-digit AWS account id`);
  const zone = config.hostedZoneName.replace(/\.$/, "");
  if (config.domainName !== zone && !config.domainName.endsWith(`.${zone}`)) {
    throw new Error(`domainName ${config.domainName} is not inside hosted zone ${zone}`);
  }
  if (config.maxCount < config.desiredCount) throw new Error("cruddur:maxCount must be >= cruddur:desiredCount");
  return config;
}
