// Metrics as CloudWatch Embedded Metric Format (EMF): a JSON log line on stdout that also declares which
// of its members are metrics. CloudWatch Logs extracts them when it ingests the line (the ECS awslogs
// driver is enough): no SDK call, no agent, no credentials. The same line is an ordinary log line
// (`time`, `level`, `msg`), so local runs see the figures too (docs/decisions/024-operating-in-aws.md).
import { METRICS_NAMESPACE } from "./cloudwatch-contract";

/** The units the EMF specification allows (CloudWatch's StandardUnit). */
export type MetricUnit =
  | "Seconds"
  | "Microseconds"
  | "Milliseconds"
  | "Bytes"
  | "Kilobytes"
  | "Megabytes"
  | "Gigabytes"
  | "Terabytes"
  | "Bits"
  | "Kilobits"
  | "Megabits"
  | "Gigabits"
  | "Terabits"
  | "Percent"
  | "Count"
  | "Bytes/Second"
  | "Kilobytes/Second"
  | "Megabytes/Second"
  | "Gigabytes/Second"
  | "Terabytes/Second"
  | "Bits/Second"
  | "Kilobits/Second"
  | "Megabits/Second"
  | "Gigabits/Second"
  | "Terabits/Second"
  | "Count/Second"
  | "None";

export interface Metric {
  name: string;
  unit: MetricUnit;
  value: number;
}

/** Plain log members next to the metrics (not metrics themselves: no dimension, no cost). */
export type MetricLogFields = Record<string, string | number | boolean>;

const RESERVED = new Set(["_aws", "time", "level", "msg"]);

/**
 * One EMF line: `{"time","level":"info","msg", …fields, …metric values, "_aws":{Timestamp, CloudWatchMetrics}}`.
 * No dimensions (`[[]]`): every task's values land on one metric, so alarms aggregate across tasks.
 * Values are ours (numbers and names we chose), so unlike `log` there is no redaction walk, which
 * would also scrub a member such as `SessionsDeleted` (its name contains "session").
 */
export function formatMetricLine(msg: string, metrics: Metric[], fields: MetricLogFields = {}, now = new Date()): string {
  const values: Record<string, number> = {};
  for (const metric of metrics) {
    if (RESERVED.has(metric.name) || metric.name in fields || metric.name in values) throw new Error(`metric name ${metric.name} collides with another member`);
    if (!Number.isFinite(metric.value)) throw new Error(`metric ${metric.name} is not a finite number: ${metric.value}`);
    values[metric.name] = metric.value;
  }
  for (const key of Object.keys(fields)) if (RESERVED.has(key)) throw new Error(`log field ${key} is reserved`);
  return JSON.stringify({
    time: now.toISOString(),
    level: "info",
    msg,
    ...fields,
    ...values,
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [[]], Metrics: metrics.map(({ name, unit }) => ({ Name: name, Unit: unit })) }],
    },
  });
}

export function logMetrics(msg: string, metrics: Metric[], fields: MetricLogFields = {}, now = new Date()): void {
  process.stdout.write(`${formatMetricLine(msg, metrics, fields, now)}\n`);
}
