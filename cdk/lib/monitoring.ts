import { Construct } from "constructs";
import { ArnFormat, Duration, Stack } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import type * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as rds from "aws-cdk-lib/aws-rds";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as synthetics from "aws-cdk-lib/aws-synthetics";
// The app's side of the contract: the metric names it writes and the request log's shape.
import { METRICS_NAMESPACE, PURGE_METRICS, REQUEST_LOG } from "../../app/observability/cloudwatch-contract.ts";
import type { AlarmThresholds, CruddurConfig } from "./config.ts";

/** The request-log metric (a metric filter on the app's log group), one series per HTTP status. */
export const REQUEST_STATUS_METRIC = { name: "Requests", dimension: "Status" } as const;

export interface MonitoringProps {
  config: CruddurConfig;
  loadBalancer: elbv2.ApplicationLoadBalancer;
  targetGroup: elbv2.ApplicationTargetGroup;
  service: ecs.FargateService;
  appLogGroup: logs.ILogGroup;
  database: rds.DatabaseInstance;
  postConfirmation: lambda.IFunction;
  /** The synthetic user (lib/canary.ts). */
  canary: synthetics.Canary;
}

/** One alarm as the stack defines it (its runbook: docs/deploy.md, heading "Alarm: <id>"). */
interface AlarmSpec {
  id: string;
  summary: string;
  metric: cloudwatch.IMetric;
  threshold: number;
  comparison: cloudwatch.ComparisonOperator;
  evaluationPeriods: number;
  missing: cloudwatch.TreatMissingData;
}

const minutes = (n: number) => Duration.minutes(n);
const GIB = 1024 ** 3;
const { GREATER_THAN_THRESHOLD: ABOVE, GREATER_THAN_OR_EQUAL_TO_THRESHOLD: AT_LEAST, LESS_THAN_THRESHOLD: BELOW } = cloudwatch.ComparisonOperator;

/** The runbook anchor of an alarm id in docs/deploy.md ("### Alarm: Http5xxShare" -> #alarm-http5xxshare). */
export const runbookAnchor = (id: string) => `alarm-${id.toLowerCase()}`;

/**
 * What an on-call person needs (docs/decisions/024-operating-in-aws.md): an SNS topic (optionally mailed),
 * alarms on what users feel and on the product's own promise (docs/product.md §2: expired cruds are deleted within
 * 5 minutes, measured by the purge's Embedded Metric Format line), and one dashboard with the same
 * series plus the request log's status counts. Thresholds come from the typed config (config.alarms).
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly requestStatusFilter: logs.MetricFilter;
  /** Every alarm by id (the tests pin each one, docs/deploy.md has a runbook section for each). */
  readonly alarms: Record<string, cloudwatch.Alarm> = {};

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config } = props;
    const t: AlarmThresholds = config.alarms;

    const stack = Stack.of(this);
    this.topic = new sns.Topic(this, "AlarmTopic", { displayName: "Cruddur alarms", enforceSSL: true });
    // A topic policy replaces SNS's default one: CloudWatch may publish, for this stack's alarms only.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "AllowThisStacksAlarms",
        principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            "aws:SourceArn": stack.formatArn({
              service: "cloudwatch",
              resource: "alarm",
              resourceName: `${stack.stackName}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { "aws:SourceAccount": stack.account },
        },
      }),
    );
    if (config.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    // The request log lines (`{"msg":"request","status":200,…}`) counted per status.
    this.requestStatusFilter = new logs.MetricFilter(this, "RequestStatusFilter", {
      logGroup: props.appLogGroup,
      filterPattern: logs.FilterPattern.all(
        logs.FilterPattern.stringValue("$.msg", "=", REQUEST_LOG.msg),
        logs.FilterPattern.numberValue(`$.${REQUEST_LOG.statusField}`, ">=", 100),
      ),
      metricNamespace: METRICS_NAMESPACE,
      metricName: REQUEST_STATUS_METRIC.name,
      metricValue: "1",
      dimensions: { [REQUEST_STATUS_METRIC.dimension]: `$.${REQUEST_LOG.statusField}` },
      unit: cloudwatch.Unit.COUNT,
    });

    const alb = props.loadBalancer.metrics;
    const targets = props.targetGroup.metrics;
    const sum5 = { statistic: "Sum", period: minutes(5) };
    const requests = alb.requestCount(sum5);
    const elb5xx = alb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, sum5);
    const target5xx = alb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, sum5);
    // A 503 the ALB answers for want of a healthy target is not in RequestCount (no target was chosen),
    // so the ALB's own 5xx join the denominator: the share stays within 0-100 % even with no target.
    const answered = "(FILL(requests, 0) + FILL(elb5xx, 0))";
    const http5xxShare = new cloudwatch.MathExpression({
      expression: `IF(${answered} >= ${t.http5xxMinRequests}, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / ${answered}, 0)`,
      usingMetrics: { requests, elb5xx, target5xx },
      period: minutes(5),
      label: "5xx share (%)",
    });
    const p99Latency = targets.targetResponseTime({ statistic: "p99", period: minutes(1), label: "p99 response time (s)" });
    const unhealthy = targets.unhealthyHostCount({ statistic: "Maximum", period: minutes(1), label: "unhealthy targets" });
    const healthy = targets.healthyHostCount({ statistic: "Minimum", period: minutes(1), label: "healthy targets" });
    const serviceCpu = props.service.metricCpuUtilization({ statistic: "Average", period: minutes(5), label: "ECS CPU (%)" });
    const serviceMemory = props.service.metricMemoryUtilization({ statistic: "Average", period: minutes(5), label: "ECS memory (%)" });
    const dbCpu = props.database.metricCPUUtilization({ statistic: "Average", period: minutes(5), label: "RDS CPU (%)" });
    const dbFreeStorage = props.database.metricFreeStorageSpace({ statistic: "Minimum", period: minutes(5), label: "RDS free storage (bytes)" });
    const dbConnections = props.database.metricDatabaseConnections({ statistic: "Maximum", period: minutes(5), label: "RDS connections" });
    const fn = props.postConfirmation;
    const lambdaErrors = fn.metricErrors({ statistic: "Sum", period: minutes(5), label: "Post Confirmation errors" });
    const lambdaThrottles = fn.metricThrottles({ statistic: "Sum", period: minutes(5), label: "Post Confirmation throttles" });
    const lambdaDuration = fn.metricDuration({ statistic: "Maximum", period: minutes(5), label: "Post Confirmation slowest run (ms)" });
    const purge = (metric: { name: string }, statistic: string, label: string) =>
      new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName: metric.name, statistic, period: minutes(1), label });
    const expiryLag = purge(PURGE_METRICS.expiryLag, "Maximum", "expiry lag (s)");
    const purgeRounds = purge(PURGE_METRICS.duration, "SampleCount", "purge rounds reported");
    // One canary run per 5 minutes: each 5-minute point is one run (100 or 0 %).
    const canarySuccess = props.canary.metricSuccessPercent({ statistic: "Average", period: minutes(5), label: "canary runs passed (%)" });
    const canaryDuration = props.canary.metricDuration({ statistic: "Maximum", period: minutes(5), label: "canary slowest run (ms)" });

    const specs: AlarmSpec[] = [
      {
        id: "Http5xxShare",
        summary: `More than ${t.http5xxPercent} % of requests answered 5xx over 5 minutes (from ${t.http5xxMinRequests} requests)`,
        metric: http5xxShare,
        threshold: t.http5xxPercent,
        comparison: ABOVE,
        evaluationPeriods: 1,
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
      {
        id: "TargetP99Latency",
        summary: `The app's p99 response time above ${t.p99LatencySeconds} s for 5 minutes`,
        metric: p99Latency,
        threshold: t.p99LatencySeconds,
        comparison: ABOVE,
        evaluationPeriods: 5,
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
      {
        id: "UnhealthyTargets",
        summary: `${t.unhealthyTargets} or more unhealthy app targets for 5 minutes`,
        metric: unhealthy,
        threshold: t.unhealthyTargets,
        comparison: AT_LEAST,
        evaluationPeriods: 5,
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
      {
        // No targets at all also means no unhealthy ones: this is the "site down" alarm.
        id: "NoHealthyTargets",
        summary: "No healthy app target for 2 minutes: the ALB answers 503",
        metric: healthy,
        threshold: 1,
        comparison: BELOW,
        evaluationPeriods: 2,
        missing: cloudwatch.TreatMissingData.BREACHING,
      },
      {
        id: "ServiceCpu",
        summary: `ECS service CPU above ${t.serviceCpuPercent} % for 15 minutes (autoscaling at its maximum?)`,
        metric: serviceCpu,
        threshold: t.serviceCpuPercent,
        comparison: ABOVE,
        evaluationPeriods: 3,
        missing: cloudwatch.TreatMissingData.MISSING,
      },
      {
        id: "ServiceMemory",
        summary: `ECS service memory above ${t.serviceMemoryPercent} % for 15 minutes`,
        metric: serviceMemory,
        threshold: t.serviceMemoryPercent,
        comparison: ABOVE,
        evaluationPeriods: 3,
        missing: cloudwatch.TreatMissingData.MISSING,
      },
      {
        id: "DbCpu",
        summary: `RDS CPU above ${t.dbCpuPercent} % for 15 minutes`,
        metric: dbCpu,
        threshold: t.dbCpuPercent,
        comparison: ABOVE,
        evaluationPeriods: 3,
        missing: cloudwatch.TreatMissingData.MISSING,
      },
      {
        id: "DbFreeStorage",
        summary: `RDS free storage below ${t.dbFreeStorageGiB} GiB`,
        metric: dbFreeStorage,
        threshold: t.dbFreeStorageGiB * GIB,
        comparison: BELOW,
        evaluationPeriods: 1,
        missing: cloudwatch.TreatMissingData.MISSING,
      },
      {
        id: "DbConnections",
        summary: `More than ${t.dbConnections} open database connections for 10 minutes (near max_connections)`,
        metric: dbConnections,
        threshold: t.dbConnections,
        comparison: ABOVE,
        evaluationPeriods: 2,
        missing: cloudwatch.TreatMissingData.MISSING,
      },
      {
        id: "PostConfirmationErrors",
        summary: `${t.postConfirmationErrors} or more Post Confirmation Lambda errors in 5 minutes: sign-ups that did not finish`,
        metric: lambdaErrors,
        threshold: t.postConfirmationErrors,
        comparison: AT_LEAST,
        evaluationPeriods: 1,
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
      {
        id: "PostConfirmationThrottles",
        summary: `${t.postConfirmationThrottles} or more Post Confirmation Lambda throttles in 5 minutes`,
        metric: lambdaThrottles,
        threshold: t.postConfirmationThrottles,
        comparison: AT_LEAST,
        evaluationPeriods: 1,
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
      {
        id: "PostConfirmationDuration",
        summary: `A Post Confirmation run took more than ${t.postConfirmationDurationSeconds} s (Cognito gives up at 5 s)`,
        metric: lambdaDuration,
        threshold: t.postConfirmationDurationSeconds * 1000, // the Duration metric is in milliseconds
        comparison: ABOVE,
        evaluationPeriods: 1,
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
      {
        // Missing data keeps the last state: a purge that stopped is PurgeSilent's to report.
        id: "ExpiryLag",
        summary: `An expired crud still stored ${t.expiryLagSeconds} s after its expiry (docs/product.md §2: gone within 5 minutes)`,
        metric: expiryLag,
        threshold: t.expiryLagSeconds,
        comparison: ABOVE,
        evaluationPeriods: 1,
        missing: cloudwatch.TreatMissingData.IGNORE,
      },
      {
        // Silence is the failure: a stopped, crashing or always-failing purge reports nothing.
        id: "PurgeSilent",
        summary: `No purge round reported for ${t.purgeSilenceMinutes} minutes`,
        metric: purgeRounds,
        threshold: 1,
        comparison: BELOW,
        evaluationPeriods: t.purgeSilenceMinutes,
        missing: cloudwatch.TreatMissingData.BREACHING,
      },
      {
        // What a person does, done by the canary user (ADR 043); a 5-minute window without a run keeps the state.
        id: "CanaryFailed",
        summary: `The synthetic user's journey (sign in, post, see it on Following, delete, sign out) failed ${t.canaryFailedRuns} runs in a row`,
        metric: canarySuccess,
        threshold: 100,
        comparison: BELOW,
        evaluationPeriods: t.canaryFailedRuns,
        missing: cloudwatch.TreatMissingData.MISSING,
      },
      {
        id: "CanarySlow",
        summary: `The synthetic user's journey took more than ${t.canaryDurationSeconds} s, every run for 15 minutes`,
        metric: canaryDuration,
        threshold: t.canaryDurationSeconds * 1000, // the Duration metric is in milliseconds
        comparison: ABOVE,
        evaluationPeriods: 3,
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    ];

    const stackName = stack.stackName;
    const notify = new cloudwatchActions.SnsAction(this.topic);
    for (const spec of specs) {
      const alarm = new cloudwatch.Alarm(this, spec.id, {
        alarmName: `${stackName}-${spec.id}`,
        alarmDescription: `${spec.summary}. Runbook: docs/deploy.md#${runbookAnchor(spec.id)}`,
        metric: spec.metric,
        threshold: spec.threshold,
        comparisonOperator: spec.comparison,
        evaluationPeriods: spec.evaluationPeriods,
        datapointsToAlarm: spec.evaluationPeriods,
        treatMissingData: spec.missing,
      });
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
      this.alarms[spec.id] = alarm;
    }

    this.dashboard = this.buildDashboard(stackName, t, {
      http5xxShare,
      requests,
      p99Latency,
      p50Latency: targets.targetResponseTime({ statistic: "p50", period: minutes(1), label: "p50 response time (s)" }),
      unhealthy,
      healthy,
      serviceCpu,
      serviceMemory,
      dbCpu,
      dbFreeStorage,
      dbConnections,
      lambdaErrors,
      lambdaThrottles,
      lambdaDuration,
      expiryLag,
      purgeRounds,
      crudsDeleted: purge(PURGE_METRICS.crudsDeleted, "Sum", "cruds deleted"),
      sessionsDeleted: purge(PURGE_METRICS.sessionsDeleted, "Sum", "sessions deleted"),
      purgeDuration: purge(PURGE_METRICS.duration, "Maximum", "slowest purge round (s)"),
      canarySuccess,
      canaryDuration,
    });
  }

  private buildDashboard(stackName: string, t: AlarmThresholds, m: Record<string, cloudwatch.IMetric>): cloudwatch.Dashboard {
    const line = (value: number, label: string): cloudwatch.HorizontalAnnotation => ({ value, label, color: cloudwatch.Color.RED });
    const graph = (title: string, left: cloudwatch.IMetric[], annotations: cloudwatch.HorizontalAnnotation[] = [], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, leftAnnotations: annotations, width: 8, height: 6 });
    const statusCounts = new cloudwatch.MathExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},${REQUEST_STATUS_METRIC.dimension}} MetricName="${REQUEST_STATUS_METRIC.name}"', 'Sum', 60)`,
      usingMetrics: {},
      label: "",
      period: minutes(1),
    });

    const dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: `${stackName}-${Stack.of(this).region}`,
      defaultInterval: Duration.hours(6),
    });
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: "Alarms (runbooks: docs/deploy.md)", alarms: Object.values(this.alarms), width: 24, height: 4 }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: "Requests by HTTP status (request log, per minute)", left: [statusCounts], stacked: true, width: 8, height: 6 }),
      graph("5xx share (%) and ALB requests", [m.http5xxShare!], [line(t.http5xxPercent, "alarm")], [m.requests!]),
      graph("Response time (s)", [m.p99Latency!, m.p50Latency!], [line(t.p99LatencySeconds, "p99 alarm")]),
    );
    dashboard.addWidgets(
      graph("Targets", [m.healthy!, m.unhealthy!], [line(t.unhealthyTargets, "unhealthy alarm")]),
      graph("ECS service CPU and memory (%)", [m.serviceCpu!, m.serviceMemory!], [line(Math.min(t.serviceCpuPercent, t.serviceMemoryPercent), "alarm")]),
      graph("RDS CPU (%)", [m.dbCpu!], [line(t.dbCpuPercent, "alarm")]),
    );
    dashboard.addWidgets(
      graph("RDS free storage (bytes)", [m.dbFreeStorage!], [line(t.dbFreeStorageGiB * GIB, "alarm")]),
      graph("RDS connections", [m.dbConnections!], [line(t.dbConnections, "alarm")]),
      graph("Post Confirmation errors and throttles", [m.lambdaErrors!, m.lambdaThrottles!], [line(t.postConfirmationErrors, "alarm")]),
    );
    dashboard.addWidgets(
      graph(
        "Post Confirmation slowest run (ms)",
        [m.lambdaDuration!],
        [line(t.postConfirmationDurationSeconds * 1000, "alarm"), line(5000, "Cognito gives up")],
      ),
      graph("Expiry lag (s): oldest expired crud still stored", [m.expiryLag!], [line(t.expiryLagSeconds, "alarm (docs/product.md §2)")]),
      graph("Purge rounds: deleted per minute, rounds reported", [m.crudsDeleted!, m.sessionsDeleted!], [], [m.purgeRounds!, m.purgeDuration!]),
    );
    dashboard.addWidgets(
      graph("Synthetic user: runs passed (%)", [m.canarySuccess!], [line(100, "below: a failed run")]),
      graph("Synthetic user: slowest run (ms)", [m.canaryDuration!], [line(t.canaryDurationSeconds * 1000, "alarm")]),
    );
    return dashboard;
  }
}
