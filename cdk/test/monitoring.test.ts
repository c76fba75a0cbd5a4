// Alarms, the alarm topic, the request-log metric filter and the dashboard (ADR 024), pinned from the
// synthesized template: each alarm's metric, statistic, window, threshold and actions.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { METRICS_NAMESPACE, PURGE_METRICS, REQUEST_LOG } from "../../app/observability/cloudwatch-contract.ts";
import { DEFAULT_ALARM_THRESHOLDS, REPO_ROOT } from "../lib/config.ts";
import { runbookAnchor } from "../lib/monitoring.ts";
import { makeApp, makeStack, only, refId, resources, template, type Json } from "./helpers.ts";

interface Expected {
  /** [namespace, metric name] of the one metric, or the metric math expression. */
  metric: [string, string] | { expression: string; metrics: Record<string, [string, string]> };
  stat?: string;
  period: number;
  threshold: number;
  comparison: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  periods: number;
  missing: "missing" | "notBreaching" | "breaching" | "ignore";
}

const ALB = "AWS/ApplicationELB";
const GIB = 1024 ** 3;
const EXPECTED: Record<string, Expected> = {
  Http5xxShare: {
    metric: {
      expression: "IF((FILL(requests, 0) + FILL(elb5xx, 0)) >= 20, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / (FILL(requests, 0) + FILL(elb5xx, 0)), 0)",
      metrics: { requests: [ALB, "RequestCount"], elb5xx: [ALB, "HTTPCode_ELB_5XX_Count"], target5xx: [ALB, "HTTPCode_Target_5XX_Count"] },
    },
    period: 300,
    threshold: 5,
    comparison: "GreaterThanThreshold",
    periods: 1,
    missing: "notBreaching",
  },
  TargetP99Latency: {
    metric: [ALB, "TargetResponseTime"],
    stat: "p99",
    period: 60,
    threshold: 2,
    comparison: "GreaterThanThreshold",
    periods: 5,
    missing: "notBreaching",
  },
  UnhealthyTargets: {
    metric: [ALB, "UnHealthyHostCount"],
    stat: "Maximum",
    period: 60,
    threshold: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    periods: 5,
    missing: "notBreaching",
  },
  NoHealthyTargets: {
    metric: [ALB, "HealthyHostCount"],
    stat: "Minimum",
    period: 60,
    threshold: 1,
    comparison: "LessThanThreshold",
    periods: 2,
    missing: "breaching",
  },
  ServiceCpu: {
    metric: ["AWS/ECS", "CPUUtilization"],
    stat: "Average",
    period: 300,
    threshold: 80,
    comparison: "GreaterThanThreshold",
    periods: 3,
    missing: "missing",
  },
  ServiceMemory: {
    metric: ["AWS/ECS", "MemoryUtilization"],
    stat: "Average",
    period: 300,
    threshold: 80,
    comparison: "GreaterThanThreshold",
    periods: 3,
    missing: "missing",
  },
  DbCpu: {
    metric: ["AWS/RDS", "CPUUtilization"],
    stat: "Average",
    period: 300,
    threshold: 80,
    comparison: "GreaterThanThreshold",
    periods: 3,
    missing: "missing",
  },
  DbFreeStorage: {
    metric: ["AWS/RDS", "FreeStorageSpace"],
    stat: "Minimum",
    period: 300,
    threshold: 2 * GIB,
    comparison: "LessThanThreshold",
    periods: 1,
    missing: "missing",
  },
  DbConnections: {
    metric: ["AWS/RDS", "DatabaseConnections"],
    stat: "Maximum",
    period: 300,
    threshold: 64,
    comparison: "GreaterThanThreshold",
    periods: 2,
    missing: "missing",
  },
  PostConfirmationErrors: {
    metric: ["AWS/Lambda", "Errors"],
    stat: "Sum",
    period: 300,
    threshold: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    periods: 1,
    missing: "notBreaching",
  },
  PostConfirmationThrottles: {
    metric: ["AWS/Lambda", "Throttles"],
    stat: "Sum",
    period: 300,
    threshold: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    periods: 1,
    missing: "notBreaching",
  },
  PostConfirmationDuration: {
    metric: ["AWS/Lambda", "Duration"],
    stat: "Maximum",
    period: 300,
    threshold: 4000,
    comparison: "GreaterThanThreshold",
    periods: 1,
    missing: "notBreaching",
  },
  ExpiryLag: {
    metric: ["Cruddur", "ExpiryLagSeconds"],
    stat: "Maximum",
    period: 60,
    threshold: 300,
    comparison: "GreaterThanThreshold",
    periods: 1,
    missing: "ignore",
  },
  PurgeSilent: {
    metric: ["Cruddur", "PurgeDurationSeconds"],
    stat: "SampleCount",
    period: 60,
    threshold: 1,
    comparison: "LessThanThreshold",
    periods: 10,
    missing: "breaching",
  },
  CanaryFailed: {
    metric: ["CloudWatchSynthetics", "SuccessPercent"],
    stat: "Average",
    period: 300,
    threshold: 100,
    comparison: "LessThanThreshold",
    periods: 2,
    missing: "missing",
  },
  CanarySlow: {
    metric: ["CloudWatchSynthetics", "Duration"],
    stat: "Maximum",
    period: 300,
    threshold: 30_000,
    comparison: "GreaterThanThreshold",
    periods: 3,
    missing: "notBreaching",
  },
};

const alarms = (): Map<string, Json> => {
  const byName = new Map<string, Json>();
  for (const [, r] of resources("AWS::CloudWatch::Alarm")) byName.set(String((r.Properties as Json).AlarmName).replace(/^Cruddur-/, ""), r.Properties as Json);
  return byName;
};
const topicId = () => only("AWS::SNS::Topic")[0];

/** The alarm's one metric (MetricStat) as [namespace, name, stat, period, dimension names]. */
function metricStat(alarm: Json): { namespace: string; name: string; stat: string; period: number; dimensions: Json[] } {
  const [query] = alarm.Metrics as Json[];
  assert.equal((alarm.Metrics as Json[]).length, 1);
  const stat = query!.MetricStat;
  return { namespace: stat.Metric.Namespace, name: stat.Metric.MetricName, stat: stat.Stat, period: stat.Period, dimensions: stat.Metric.Dimensions ?? [] };
}

test("the alarms are exactly the pinned ones", () => {
  assert.deepEqual([...alarms().keys()].sort(), Object.keys(EXPECTED).sort());
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`alarm ${name}: metric, threshold, window, missing data, and the topic on ALARM and OK`, () => {
    const alarm = alarms().get(name)!;
    assert.ok(alarm, name);
    assert.equal(alarm.Threshold, expected.threshold);
    assert.equal(alarm.ComparisonOperator, expected.comparison);
    assert.equal(alarm.EvaluationPeriods, expected.periods);
    assert.equal(alarm.DatapointsToAlarm, expected.periods, "every datapoint of the window breaches");
    assert.equal(alarm.TreatMissingData, expected.missing);
    assert.deepEqual(alarm.AlarmActions, [{ Ref: topicId() }]);
    assert.deepEqual(alarm.OKActions, [{ Ref: topicId() }]);
    assert.match(alarm.AlarmDescription, new RegExp(`Runbook: docs/deploy\\.md#${runbookAnchor(name)}$`));

    if (Array.isArray(expected.metric)) {
      const metric = metricStat(alarm);
      assert.deepEqual([metric.namespace, metric.name], expected.metric);
      assert.equal(metric.stat, expected.stat);
      assert.equal(metric.period, expected.period);
      if (metric.namespace === "Cruddur") assert.deepEqual(metric.dimensions, [], "EMF metrics have no dimensions: one series across tasks");
      else assert.ok(metric.dimensions.length > 0, "an AWS metric of this stack's resource");
    } else {
      const queries = alarm.Metrics as Json[];
      const expression = queries.find((q) => q.Expression)!;
      assert.equal(expression.Expression, expected.metric.expression);
      assert.equal(expression.ReturnData, true);
      const inputs = Object.fromEntries(
        queries.filter((q) => q.MetricStat).map((q) => [q.Id, [q.MetricStat.Metric.Namespace, q.MetricStat.Metric.MetricName]]),
      );
      assert.deepEqual(inputs, expected.metric.metrics);
      for (const q of queries.filter((q) => q.MetricStat)) {
        assert.equal(q.MetricStat.Stat, "Sum");
        assert.equal(q.MetricStat.Period, expected.period);
        assert.equal(q.ReturnData, false);
      }
    }
  });
}

test("alarm dimensions point at this stack's ALB, target group, service, database and Lambda", () => {
  const byName = alarms();
  const dimension = (alarm: string, key: string) => metricStat(byName.get(alarm)!).dimensions.find((d) => d.Name === key)?.Value;
  const [albId] = only("AWS::ElasticLoadBalancingV2::LoadBalancer");
  const [targetGroupId] = only("AWS::ElasticLoadBalancingV2::TargetGroup");
  assert.deepEqual(dimension("TargetP99Latency", "TargetGroup"), { "Fn::GetAtt": [targetGroupId, "TargetGroupFullName"] });
  assert.deepEqual(dimension("UnhealthyTargets", "TargetGroup"), { "Fn::GetAtt": [targetGroupId, "TargetGroupFullName"] });
  const share = (byName.get("Http5xxShare")!.Metrics as Json[]).find((q) => q.Id === "requests")!;
  assert.deepEqual(share.MetricStat.Metric.Dimensions, [{ Name: "LoadBalancer", Value: { "Fn::GetAtt": [albId, "LoadBalancerFullName"] } }]);
  assert.equal(refId(dimension("ServiceCpu", "ServiceName")), only("AWS::ECS::Service")[0]);
  assert.equal(refId(dimension("ServiceMemory", "ClusterName")), only("AWS::ECS::Cluster")[0]);
  assert.equal(refId(dimension("DbConnections", "DBInstanceIdentifier")), only("AWS::RDS::DBInstance")[0]);
  const pool = only("AWS::Cognito::UserPool")[1].Properties as Json;
  assert.equal(refId(dimension("PostConfirmationErrors", "FunctionName")), refId(pool.LambdaConfig.PostConfirmation));
  assert.equal(refId(dimension("CanaryFailed", "CanaryName")), only("AWS::Synthetics::Canary")[0]);
  assert.equal(refId(dimension("CanarySlow", "CanaryName")), only("AWS::Synthetics::Canary")[0]);
});

test("thresholds are the typed config's defaults; the purge alarms read the app's own metric names", () => {
  const byName = alarms();
  const t = DEFAULT_ALARM_THRESHOLDS;
  assert.equal(byName.get("Http5xxShare")!.Threshold, t.http5xxPercent);
  assert.equal(byName.get("TargetP99Latency")!.Threshold, t.p99LatencySeconds);
  assert.equal(byName.get("DbFreeStorage")!.Threshold, t.dbFreeStorageGiB * GIB);
  assert.equal(byName.get("PostConfirmationDuration")!.Threshold, t.postConfirmationDurationSeconds * 1000);
  assert.equal(byName.get("ExpiryLag")!.Threshold, t.expiryLagSeconds);
  assert.equal(byName.get("PurgeSilent")!.EvaluationPeriods, t.purgeSilenceMinutes);
  assert.equal(byName.get("CanaryFailed")!.EvaluationPeriods, t.canaryFailedRuns);
  assert.equal(byName.get("CanarySlow")!.Threshold, t.canaryDurationSeconds * 1000);
  assert.equal(t.expiryLagSeconds, 300, "docs/product.md §2: within 5 minutes");
  assert.equal(metricStat(byName.get("ExpiryLag")!).name, PURGE_METRICS.expiryLag.name);
  assert.equal(metricStat(byName.get("PurgeSilent")!).name, PURGE_METRICS.duration.name);
  assert.equal(metricStat(byName.get("ExpiryLag")!).namespace, METRICS_NAMESPACE);
});

test("the alarm topic: TLS only, CloudWatch may publish for this stack's alarms only, no e-mail by default", () => {
  const [id] = only("AWS::SNS::Topic");
  const policy = only("AWS::SNS::TopicPolicy")[1].Properties as Json;
  assert.deepEqual(policy.Topics, [{ Ref: id }]);
  const statements = policy.PolicyDocument.Statement as Json[];
  const deny = statements.find((s) => s.Effect === "Deny")!;
  assert.deepEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
  const allow = statements.filter((s) => s.Effect === "Allow");
  assert.equal(allow.length, 1);
  assert.deepEqual(allow[0]!.Principal, { Service: "cloudwatch.amazonaws.com" });
  assert.equal(allow[0]!.Action, "sns:Publish");
  assert.match(JSON.stringify(allow[0]!.Condition.ArnLike["aws:SourceArn"]), /:cloudwatch:eu-west-1:123456789012:alarm:Cruddur-\*/);
  assert.equal(allow[0]!.Condition.StringEquals["aws:SourceAccount"], "123456789012");
  template().resourceCountIs("AWS::SNS::Subscription", 0);
});

test("context: an alarm e-mail subscribes to the topic, and cruddur:alarms overrides a threshold", () => {
  const other = Template.fromStack(
    makeStack(makeApp({ "cruddur:alarmEmail": "oncall@cruddur.test", "cruddur:alarms": '{"expiryLagSeconds":120,"dbConnections":400}' })),
  );
  const subscription = Object.values(other.findResources("AWS::SNS::Subscription") as Json)[0].Properties as Json;
  assert.equal(subscription.Protocol, "email");
  assert.equal(subscription.Endpoint, "oncall@cruddur.test");
  const threshold = (name: string) =>
    (Object.values(other.findResources("AWS::CloudWatch::Alarm") as Json).find((a: Json) => a.Properties.AlarmName === `Cruddur-${name}`) as Json).Properties
      .Threshold;
  assert.equal(threshold("ExpiryLag"), 120);
  assert.equal(threshold("DbConnections"), 400);
  assert.equal(threshold("DbCpu"), 80);
});

test("request log metric filter: counts the app log group's request lines per HTTP status", () => {
  const filter = only("AWS::Logs::MetricFilter")[1].Properties as Json;
  assert.equal(filter.FilterPattern, `{ ($.msg = "${REQUEST_LOG.msg}") && ($.${REQUEST_LOG.statusField} >= 100) }`);
  assert.deepEqual(filter.MetricTransformations, [
    { MetricNamespace: "Cruddur", MetricName: "Requests", MetricValue: "1", Unit: "Count", Dimensions: [{ Key: "Status", Value: "$.status" }] },
  ]);
  // The log group the app container writes to.
  const app = resources("AWS::ECS::TaskDefinition")
    .flatMap(([, r]) => (r.Properties as Json).ContainerDefinitions as Json[])
    .find((c) => c.Name === "app")!;
  assert.equal(refId(filter.LogGroupName), refId(app.LogConfiguration.Options["awslogs-group"]));
});

/** The dashboard body with CloudFormation references as `<LogicalId>` placeholders. */
function dashboardBody(): Json {
  const props = only("AWS::CloudWatch::Dashboard")[1].Properties as Json;
  assert.equal(props.DashboardName, "Cruddur-eu-west-1");
  const parts = props.DashboardBody["Fn::Join"][1] as unknown[];
  const text = parts.map((p) => (typeof p === "string" ? p : `<${refId(p) ?? "AWS::Region"}>`)).join("");
  return JSON.parse(text) as Json;
}

test("dashboard: every alarm's state, every alarmed series, and the request log's status counts", () => {
  const body = dashboardBody();
  const widgets = body.widgets as Json[];
  const alarmWidget = widgets.find((w) => w.type === "alarm")!;
  const alarmIds = resources("AWS::CloudWatch::Alarm").map(([id]) => `<${id}>`);
  assert.deepEqual([...alarmWidget.properties.alarms].sort(), alarmIds.sort());

  const graphs = widgets.filter((w) => w.type === "metric");
  const plotted = new Set(
    graphs.flatMap((w) => (w.properties.metrics as unknown[][]).map((m) => (typeof m[0] === "string" ? `${m[0]}/${m[1]}` : "expression"))),
  );
  for (const expected of Object.values(EXPECTED)) {
    if (Array.isArray(expected.metric)) assert.ok(plotted.has(expected.metric.join("/")), `${expected.metric.join("/")} on the dashboard`);
  }
  for (const metric of Object.values(PURGE_METRICS)) assert.ok(plotted.has(`Cruddur/${metric.name}`), `${metric.name} on the dashboard`);
  const expressions = graphs.flatMap((w) => (w.properties.metrics as Json[][]).map((m) => m[0]).filter((m) => typeof m === "object" && m.expression));
  assert.ok(expressions.some((m: Json) => m.expression === `SEARCH('{Cruddur,Status} MetricName="Requests"', 'Sum', 60)`));
  assert.ok(
    expressions.some((m: Json) => m.expression.startsWith("IF(")),
    "the 5xx share",
  );
  // Alarm thresholds are drawn on their graphs.
  const annotations = graphs.flatMap((w) => (w.properties.annotations?.horizontal ?? []) as Json[]).map((a) => a.value);
  assert.ok(annotations.includes(300) && annotations.includes(5) && annotations.includes(4000));
});

test("every alarm has its runbook section in docs/deploy.md", () => {
  const doc = fs.readFileSync(path.join(REPO_ROOT, "docs", "deploy.md"), "utf8");
  for (const name of Object.keys(EXPECTED)) {
    assert.match(doc, new RegExp(`^### Alarm: ${name}$`, "m"), `docs/deploy.md: "### Alarm: ${name}"`);
  }
});
