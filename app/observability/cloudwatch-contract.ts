// What CloudWatch reads out of the app's stdout, in one place: the CDK app (cdk/lib/monitoring.ts) imports
// this file to build its metric filter, alarms and dashboard, so a renamed metric or log field fails
// `npm run test:cdk` instead of silently leaving an alarm without data. No imports: both sides load it.

/** The namespace of every metric the app publishes itself (one stack per account and region). */
export const METRICS_NAMESPACE = "Cruddur";

/** The purge round's Embedded Metric Format members (app/jobs/purge.server.ts), with their units. */
export const PURGE_METRICS = {
  crudsDeleted: { name: "CrudsDeleted", unit: "Count" },
  sessionsDeleted: { name: "SessionsDeleted", unit: "Count" },
  duration: { name: "PurgeDurationSeconds", unit: "Seconds" },
  /** How long the oldest expired crud still present at the start of the round had been expired (0: none). */
  expiryLag: { name: "ExpiryLagSeconds", unit: "Seconds" },
} as const;

/** The request log line (server/request-log.ts through logRequest): `{"msg":"request","status":200,…}`. */
export const REQUEST_LOG = { msg: "request", statusField: "status" } as const;
