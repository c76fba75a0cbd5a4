import { afterEach, describe, expect, it, vi } from "vitest";
import { METRICS_NAMESPACE } from "./cloudwatch-contract";
import { formatMetricLine, logMetrics } from "./metrics.server";
import { emfViolations } from "../../tests/support/emf";

afterEach(() => vi.restoreAllMocks());

describe("formatMetricLine (CloudWatch Embedded Metric Format)", () => {
  const now = new Date("2026-12-02T10:00:00.123Z");

  it("is one JSON log line that is also a valid EMF document, values at the root", () => {
    const line = formatMetricLine(
      "purge",
      [
        { name: "CrudsDeleted", unit: "Count", value: 3 },
        { name: "ExpiryLagSeconds", unit: "Seconds", value: 61.5 },
      ],
      { rateLimits: 2 },
      now,
    );
    expect(line).not.toContain("\n");
    expect(emfViolations(line)).toEqual([]);
    expect(JSON.parse(line)).toEqual({
      time: "2026-12-02T10:00:00.123Z",
      level: "info",
      msg: "purge",
      rateLimits: 2,
      CrudsDeleted: 3,
      ExpiryLagSeconds: 61.5,
      _aws: {
        Timestamp: now.getTime(),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [[]],
            Metrics: [
              { Name: "CrudsDeleted", Unit: "Count" },
              { Name: "ExpiryLagSeconds", Unit: "Seconds" },
            ],
          },
        ],
      },
    });
  });

  it("keeps member names the log redaction would scrub (a metric is never a secret)", () => {
    const line = formatMetricLine("purge", [{ name: "SessionsDeleted", unit: "Count", value: 4 }], {}, now);
    expect(JSON.parse(line).SessionsDeleted).toBe(4);
  });

  it("refuses what would make an invalid or ambiguous document", () => {
    expect(() => formatMetricLine("x", [{ name: "A", unit: "Count", value: Number.NaN }])).toThrow(/finite/);
    expect(() => formatMetricLine("x", [{ name: "A", unit: "Count", value: Infinity }])).toThrow(/finite/);
    expect(() => formatMetricLine("x", [{ name: "msg", unit: "Count", value: 1 }])).toThrow(/collides/);
    expect(() => formatMetricLine("x", [{ name: "A", unit: "Count", value: 1 }], { A: 2 })).toThrow(/collides/);
    expect(() => formatMetricLine("x", [], { _aws: "x" })).toThrow(/reserved/);
  });

  it("logMetrics writes the line on stdout, nothing on stderr", () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    logMetrics("purge", [{ name: "CrudsDeleted", unit: "Count", value: 1 }], {}, now);
    expect(out).toHaveBeenCalledTimes(1);
    expect(String(out.mock.calls[0]![0])).toMatch(/^\{.*\}\n$/);
    expect(err).not.toHaveBeenCalled();
  });
});

describe("emfViolations (the checker the tests rely on)", () => {
  const valid = {
    _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: "N", Dimensions: [["Service"]], Metrics: [{ Name: "M", Unit: "Count" }] }] },
    Service: "s",
    M: 1,
  };
  const broken = (change: (doc: Record<string, unknown> & typeof valid) => void) => {
    const doc = structuredClone(valid) as Record<string, unknown> & typeof valid;
    change(doc);
    return emfViolations(JSON.stringify(doc));
  };

  it("accepts the specification's shape and rejects each kind of violation", () => {
    expect(emfViolations(JSON.stringify(valid))).toEqual([]);
    expect(emfViolations(`prefix ${JSON.stringify(valid)}`)).not.toEqual([]);
    expect(broken((d) => delete (d as Partial<typeof valid>)._aws)).not.toEqual([]);
    expect(broken((d) => ((d._aws as Record<string, unknown>).Timestamp = "2026-12-02T10:00:00Z"))).not.toEqual([]);
    expect(broken((d) => (d._aws.CloudWatchMetrics[0]!.Namespace = ""))).not.toEqual([]);
    expect(broken((d) => (d._aws.CloudWatchMetrics[0]!.Dimensions = []))).not.toEqual([]);
    expect(broken((d) => delete (d as Partial<typeof valid>).Service)).not.toEqual([]);
    expect(broken((d) => (d.M = "1" as unknown as number))).not.toEqual([]);
    expect(broken((d) => delete (d as Partial<typeof valid>).M)).not.toEqual([]);
    expect(broken((d) => (d._aws.CloudWatchMetrics[0]!.Metrics[0]!.Unit = "Secs"))).not.toEqual([]);
  });
});
