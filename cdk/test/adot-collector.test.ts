// The ADOT collector config: a typed object, serialised to YAML at synth time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { collectorConfig, collectorConfigYaml, toYaml } from "../lib/adot-collector.ts";

test("collector config YAML is the configuration the sidecar has always been given", () => {
  // The text AOT_CONFIG_CONTENT carried while it was hand-written (a refactor must not change it).
  const expected = [
    "extensions:",
    "  health_check:",
    "receivers:",
    "  otlp:",
    "    protocols:",
    "      grpc:",
    "        endpoint: 127.0.0.1:4317",
    "      http:",
    "        endpoint: 127.0.0.1:4318",
    "processors:",
    "  batch/traces:",
    "    timeout: 1s",
    "    send_batch_size: 50",
    "  resourcedetection:",
    "    detectors: [env, ecs]",
    "exporters:",
    "  awsxray:",
    "    region: eu-central-1",
    "  otlp/honeycomb:",
    "    endpoint: api.eu1.honeycomb.io:443",
    "    headers:",
    "      x-honeycomb-team: ${env:HONEYCOMB_API_KEY}",
    "service:",
    "  extensions: [health_check]",
    "  pipelines:",
    "    traces:",
    "      receivers: [otlp]",
    "      processors: [resourcedetection, batch/traces]",
    "      exporters: [awsxray, otlp/honeycomb]",
    "",
  ].join("\n");
  assert.equal(collectorConfigYaml("eu-central-1", "api.eu1.honeycomb.io:443"), expected);
});

test("collector config: every pipeline component is declared", () => {
  const config = collectorConfig("r", "e:443");
  const { traces } = config.service.pipelines;
  for (const name of traces.receivers) assert.ok(config.receivers[name], name);
  for (const name of traces.processors) assert.ok(config.processors[name], name);
  for (const name of traces.exporters) assert.ok(config.exporters[name], name);
  for (const name of config.service.extensions) assert.ok(config.extensions[name], name);
});

test("toYaml: quotes what a YAML reader would otherwise take for another type or syntax", () => {
  const yaml = toYaml({
    plain: "a-b_c.d/e:f",
    number: 42,
    flag: false,
    nothing: null,
    numeric: "443",
    float: "1.5",
    bool: "yes",
    date: "2024-01-02",
    space: "a b",
    comment: "a#b",
    colon: "key:",
    empty: "",
    token: "${Token[AWS.Region.9]}",
    list: ["${env:X}", "ok", "1"],
    nested: { deeper: { leaf: "v" }, none: {} },
  });
  assert.equal(
    yaml,
    [
      "plain: a-b_c.d/e:f",
      "number: 42",
      "flag: false",
      "nothing:",
      'numeric: "443"',
      'float: "1.5"',
      'bool: "yes"',
      'date: "2024-01-02"',
      'space: "a b"',
      'comment: "a#b"',
      'colon: "key:"',
      'empty: ""',
      'token: "${Token[AWS.Region.9]}"',
      'list: ["${env:X}", ok, "1"]',
      "nested:",
      "  deeper:",
      "    leaf: v",
      "  none:",
      "",
    ].join("\n"),
  );
});

test("toYaml: rejects what it cannot write faithfully", () => {
  assert.throws(() => toYaml({ list: [{ a: 1 }] }), /only sequences of scalars/);
  assert.throws(() => toYaml({ n: Number.NaN }), /not a YAML number/);
});
