/**
 * The ADOT collector's configuration (OpenTelemetry Collector config file format) as a typed object,
 * serialised to YAML at synth time and handed to the sidecar in AOT_CONFIG_CONTENT.
 *
 * Only what Cruddur uses is typed; the pipeline lists are checked against the components declared
 * above them, so a renamed receiver/processor/exporter is a compile error, not a collector that
 * refuses to start in production.
 */

/** The collector listens on the task's loopback only: the app (same task) is its only client. */
export const OTLP_HTTP_PORT = 4318;
export const OTLP_GRPC_ENDPOINT = "127.0.0.1:4317";
export const OTLP_HTTP_ENDPOINT = `127.0.0.1:${OTLP_HTTP_PORT}`;
/** Resolved by the collector at start from the container's secret; CloudFormation passes it through. */
export const HONEYCOMB_API_KEY_REF = "${env:HONEYCOMB_API_KEY}";

/** No settings: the component runs with its defaults (written as an empty value). */
type Defaults = Record<string, never>;

interface Extensions {
  health_check: Defaults;
}
interface Receivers {
  otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } };
}
interface Processors {
  "batch/traces": { timeout: string; send_batch_size: number };
  resourcedetection: { detectors: Array<"env" | "ecs" | "ec2" | "system"> };
}
interface Exporters {
  awsxray: { region: string };
  "otlp/honeycomb": { endpoint: string; headers: Record<string, string> };
}
interface Pipeline {
  receivers: Array<keyof Receivers>;
  processors: Array<keyof Processors>;
  exporters: Array<keyof Exporters>;
}

export interface CollectorConfig {
  extensions: Extensions;
  receivers: Receivers;
  processors: Processors;
  exporters: Exporters;
  service: { extensions: Array<keyof Extensions>; pipelines: { traces: Pipeline } };
}

/** OTLP in on localhost only, traces out to X-Ray and Honeycomb. */
export function collectorConfig(region: string, honeycombEndpoint: string): CollectorConfig {
  return {
    extensions: { health_check: {} },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: OTLP_GRPC_ENDPOINT }, http: { endpoint: OTLP_HTTP_ENDPOINT } } },
    },
    processors: {
      "batch/traces": { timeout: "1s", send_batch_size: 50 },
      resourcedetection: { detectors: ["env", "ecs"] },
    },
    exporters: {
      awsxray: { region },
      "otlp/honeycomb": { endpoint: honeycombEndpoint, headers: { "x-honeycomb-team": HONEYCOMB_API_KEY_REF } },
    },
    service: {
      extensions: ["health_check"],
      pipelines: {
        traces: {
          receivers: ["otlp"],
          processors: ["resourcedetection", "batch/traces"],
          exporters: ["awsxray", "otlp/honeycomb"],
        },
      },
    },
  };
}

/** The YAML the collector reads from AOT_CONFIG_CONTENT. */
export function collectorConfigYaml(region: string, honeycombEndpoint: string): string {
  return toYaml(collectorConfig(region, honeycombEndpoint));
}

type Scalar = string | number | boolean | null;
// Interfaces (unlike type aliases) have no implicit index signature, hence `object`.
type YamlValue = Scalar | readonly Scalar[] | object;

/**
 * A small YAML writer for configuration objects: block mappings, flow sequences of scalars, and
 * scalars written plain when that is unambiguous, otherwise double-quoted (JSON strings are valid
 * YAML). An empty mapping is written as an empty value (`key:`), which the collector reads as
 * "all defaults". Sequences of mappings are not needed here and are rejected.
 */
export function toYaml(value: object): string {
  return [...mapping(value, "")].map((line) => `${line}\n`).join("");
}

function* mapping(value: object, indent: string): Generator<string> {
  for (const [key, child] of Object.entries(value) as Array<[string, YamlValue | undefined]>) {
    if (child === undefined) continue;
    const head = `${indent}${scalar(key, false)}:`;
    if (Array.isArray(child)) {
      yield `${head} [${child.map((item: unknown) => scalarItem(item, key)).join(", ")}]`;
    } else if (child !== null && typeof child === "object") {
      yield head;
      yield* mapping(child, `${indent}  `);
    } else if (child === null) {
      yield head;
    } else {
      yield `${head} ${scalar(child as Scalar, false)}`;
    }
  }
}

function scalarItem(item: unknown, key: string): string {
  if (item !== null && typeof item === "object") throw new Error(`toYaml: ${key}: only sequences of scalars are supported`);
  return scalar(item as Scalar, true);
}

// Plain (unquoted) only if no YAML indicator can change its meaning (in flow sequences `{}` are
// indicators too) and a YAML 1.1/1.2 reader would not take it for a bool, null, number or date.
const PLAIN_BLOCK = /^[\w$][\w./:${}-]*$/;
const PLAIN_FLOW = /^[\w$][\w./:$-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBER_OR_DATE = /^([-+]?[\d_.]+([eE][-+]?\d+)?|0[xXoObB][\da-fA-F_]+|\d{4}-\d\d?-\d\d?.*|[-+]?\d[\d_]*(:[0-5]?\d)+(\.[\d_]*)?)$/;

function scalar(value: Scalar, inFlow: boolean): string {
  if (value === null) return "null";
  if (typeof value !== "string") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(`toYaml: ${value} is not a YAML number`);
    return String(value);
  }
  const plain = (inFlow ? PLAIN_FLOW : PLAIN_BLOCK).test(value) && !value.endsWith(":") && !RESERVED.test(value) && !NUMBER_OR_DATE.test(value);
  return plain ? value : JSON.stringify(value);
}
