// OpenTelemetry preload (docs/product.md §6), built to build/instrumentation.js and loaded before the app:
//   node --import=./build/instrumentation.js build/server.js        (npm start)
// Exporters come from the standard variables; with none configured, nothing starts at all (no
// loader hook, no SDK, no exporter retrying localhost:4318) and the app's custom spans are no-ops.
//   OTEL_TRACES_EXPORTER        otlp | console | none (comma list); default: otlp when an OTLP endpoint is set, else none
//   OTEL_EXPORTER_OTLP_ENDPOINT / _HEADERS / _TIMEOUT   OTLP/HTTP (JSON), e.g. Honeycomb or the ADOT sidecar
//   OTEL_PROPAGATORS            tracecontext,baggage (default); add `xray` for X-Ray ids and headers (AWS)
//   OTEL_SERVICE_NAME           default "cruddur"
// Metrics and logs exporters stay off unless OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER say otherwise.
import { register } from "node:module";
import { diag, DiagConsoleLogger, DiagLogLevel, type TextMapPropagator } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { AWSXRayIdGenerator } from "@opentelemetry/id-generator-aws-xray";
import { ExpressInstrumentation, ExpressLayerType } from "@opentelemetry/instrumentation-express";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { AWSXRayPropagator } from "@opentelemetry/propagator-aws-xray";
import { core, NodeSDK } from "@opentelemetry/sdk-node";
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { PrismaInstrumentation } from "@prisma/instrumentation";
import { createAddHookMessageChannel } from "import-in-the-middle";
import { singleton } from "~/db/singleton.server";

/** The singleton (app/db/singleton.server.ts) server/index.ts calls to flush the telemetry. */
const TELEMETRY_SHUTDOWN = "telemetry.shutdown";

const env = process.env;
const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

/** The trace exporters asked for: explicit OTEL_TRACES_EXPORTER, else OTLP when an endpoint is set. */
export function tracesExporters(vars: NodeJS.ProcessEnv = env): string[] {
  const explicit = list(vars.OTEL_TRACES_EXPORTER);
  if (explicit.includes("none")) return [];
  if (explicit.length > 0) return explicit;
  return vars.OTEL_EXPORTER_OTLP_ENDPOINT || vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? ["otlp"] : [];
}

function propagators(names: string[]): TextMapPropagator {
  const result: TextMapPropagator[] = [];
  for (const name of names) {
    if (name === "tracecontext") result.push(new core.W3CTraceContextPropagator());
    else if (name === "baggage") result.push(new core.W3CBaggagePropagator());
    else if (name === "xray") result.push(new AWSXRayPropagator());
    else if (name !== "none") diag.warn(`OTEL_PROPAGATORS: unsupported propagator "${name}" ignored`);
  }
  return new core.CompositePropagator({ propagators: result });
}

function spanProcessors(exporters: string[]): SpanProcessor[] {
  // A backend that is down must never slow a request: exports run in the background in batches,
  // give up after a few seconds, and a full queue drops spans instead of growing.
  const timeoutMillis = Number(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? env.OTEL_EXPORTER_OTLP_TIMEOUT ?? 3_000);
  const batch = { exportTimeoutMillis: timeoutMillis + 1_000, maxQueueSize: 2_048, scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY ?? 1_000) };
  const processors: SpanProcessor[] = [];
  for (const name of new Set(exporters)) {
    if (name === "otlp") processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ timeoutMillis }), batch));
    else if (name === "console") processors.push(new BatchSpanProcessor(new ConsoleSpanExporter(), batch));
    else diag.warn(`OTEL_TRACES_EXPORTER: unsupported exporter "${name}" ignored`);
  }
  return processors;
}

/** HTTP, Express, pg and Prisma, minus those named in OTEL_NODE_DISABLED_INSTRUMENTATIONS (e.g. "pg,express"). */
function instrumentations() {
  const disabled = new Set(list(env.OTEL_NODE_DISABLED_INSTRUMENTATIONS));
  return [
    disabled.has("http")
      ? null
      : new HttpInstrumentation({
          // Health checks (the ALB, every few seconds) and fingerprinted assets are noise.
          ignoreIncomingRequestHook: (request) => /^\/(api\/health-check|build\/|favicon)/.test(request.url ?? ""),
        }),
    // Route handler spans only: one span per middleware (compression, helmet…) would be noise.
    disabled.has("express") ? null : new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
    // Statements only inside a request (not the background purge); never the parameter values.
    disabled.has("pg") ? null : new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false, ignoreConnectSpans: true }),
    // prisma:client:operation and prisma:client:db_query per call; its serialize/compile steps are noise.
    disabled.has("prisma") ? null : new PrismaInstrumentation({ ignoreSpanTypes: ["prisma:client:serialize", "prisma:client:compile"] }),
  ].filter((instrumentation) => instrumentation !== null);
}

async function start() {
  const exporters = tracesExporters();
  if (exporters.length === 0 || /^(1|true)$/i.test(env.OTEL_SDK_DISABLED ?? "")) return;
  // Before NodeSDK reads them: no metrics or logs exporter unless asked (ADR 008: the
  // default OTLP metrics exporter retries localhost:4318 and makes shutdown take 8 s).
  env.OTEL_METRICS_EXPORTER ||= "none";
  env.OTEL_LOGS_EXPORTER ||= "none";
  if (env.OTEL_LOG_LEVEL)
    diag.setLogger(new DiagConsoleLogger(), DiagLogLevel[env.OTEL_LOG_LEVEL.toUpperCase() as keyof typeof DiagLogLevel] ?? DiagLogLevel.WARN);

  // ESM: express, pg and http are patched through import-in-the-middle's loader hook, limited to
  // the modules the instrumentations ask for (the message channel), so the rest of the app loads untouched.
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url, registerOptions);

  const propagatorNames = env.OTEL_PROPAGATORS ? list(env.OTEL_PROPAGATORS) : ["tracecontext", "baggage"];
  const xray = propagatorNames.includes("xray");
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME || "cruddur",
    spanProcessors: spanProcessors(exporters),
    textMapPropagator: propagators(propagatorNames),
    // X-Ray needs its own trace id shape (the first 8 hex digits are the epoch seconds).
    ...(xray ? { idGenerator: new AWSXRayIdGenerator() } : {}),
    instrumentations: instrumentations(),
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();

  let stopping: Promise<void> | undefined;
  const shutdown = () => (stopping ??= sdk.shutdown().catch(() => undefined));
  // server/index.ts calls this after its HTTP server has closed (SIGTERM, SIGINT), before exiting.
  singleton(TELEMETRY_SHUTDOWN, () => shutdown);
}

await start();
