// A checker for CloudWatch Embedded Metric Format documents, written from AWS's specification
// ("Specification: Embedded metric format", CloudWatch User Guide): what CloudWatch Logs needs to turn
// a log event into metrics. Returns the list of violations (empty: valid).

const UNITS = new Set(
  [
    "Seconds Microseconds Milliseconds Bytes Kilobytes Megabytes Gigabytes Terabytes Bits Kilobits Megabits Gigabits Terabits Percent Count",
    "Bytes/Second Kilobytes/Second Megabytes/Second Gigabytes/Second Terabytes/Second Bits/Second Kilobits/Second Megabits/Second Gigabits/Second Terabits/Second Count/Second None",
  ]
    .join(" ")
    .split(" "),
);
const MAX_DIMENSION_KEYS = 30;
const MAX_METRICS_PER_DIRECTIVE = 100;
const MAX_VALUES_PER_METRIC = 100;
const MAX_EVENT_BYTES = 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isName = (value: unknown): value is string => typeof value === "string" && value.length >= 1 && value.length <= 255;

/** Violations of the specification by one log event's message (a whole line, nothing around the JSON). */
export function emfViolations(line: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(line) > MAX_EVENT_BYTES) problems.push("larger than a log event may be");
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return ["not a JSON text (the whole event must be one JSON object)"];
  }
  if (!isObject(root)) return ["the root is not a JSON object"];
  const metadata = root._aws;
  if (!isObject(metadata)) return ["no _aws metadata object on the root"];
  if (!Number.isInteger(metadata.Timestamp) || (metadata.Timestamp as number) < 0) problems.push("_aws.Timestamp is not an integer of epoch milliseconds");
  const directives = metadata.CloudWatchMetrics;
  if (!Array.isArray(directives)) return [...problems, "_aws.CloudWatchMetrics is not an array"];

  directives.forEach((directive: unknown, d) => {
    const at = `CloudWatchMetrics[${d}]`;
    if (!isObject(directive)) return problems.push(`${at} is not an object`);
    if (!isName(directive.Namespace)) problems.push(`${at}.Namespace is not a string of 1-255 characters`);
    const dimensions = directive.Dimensions;
    if (!Array.isArray(dimensions) || dimensions.length === 0) problems.push(`${at}.Dimensions is not a non-empty array of dimension sets`);
    else {
      dimensions.forEach((set: unknown, s) => {
        if (!Array.isArray(set)) return problems.push(`${at}.Dimensions[${s}] is not an array`);
        if (set.length > MAX_DIMENSION_KEYS) problems.push(`${at}.Dimensions[${s}] has more than ${MAX_DIMENSION_KEYS} keys`);
        for (const key of set) {
          if (!isName(key)) problems.push(`${at}.Dimensions[${s}] holds a key that is not a string of 1-255 characters`);
          else if (typeof root[key] !== "string") problems.push(`dimension ${key} has no string member on the root`);
        }
      });
    }
    const metrics = directive.Metrics;
    if (!Array.isArray(metrics)) return problems.push(`${at}.Metrics is not an array`);
    if (metrics.length > MAX_METRICS_PER_DIRECTIVE) problems.push(`${at}.Metrics has more than ${MAX_METRICS_PER_DIRECTIVE} definitions`);
    metrics.forEach((definition: unknown, m) => {
      if (!isObject(definition) || !isName(definition.Name)) return problems.push(`${at}.Metrics[${m}] has no Name of 1-255 characters`);
      if (definition.Unit !== undefined && (typeof definition.Unit !== "string" || !UNITS.has(definition.Unit))) {
        problems.push(`metric ${definition.Name}: unit ${String(definition.Unit)} is not a CloudWatch unit`);
      }
      if (definition.StorageResolution !== undefined && definition.StorageResolution !== 1 && definition.StorageResolution !== 60) {
        problems.push(`metric ${definition.Name}: StorageResolution must be 1 or 60`);
      }
      const target = root[definition.Name];
      const numeric = (value: unknown) => typeof value === "number" && Number.isFinite(value);
      if (Array.isArray(target)) {
        if (target.length > MAX_VALUES_PER_METRIC || !target.every(numeric)) problems.push(`metric ${definition.Name}: not an array of at most 100 numbers`);
      } else if (!numeric(target)) problems.push(`metric ${definition.Name} has no numeric member on the root`);
    });
  });
  return problems;
}
