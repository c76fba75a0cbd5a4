// Values that CDK's L1 types accept (a number is a number) but CloudFormation or the service refuses at deploy
// time, an hour into a first `cdk deploy`. The limits are the services' documented ones, written out here on
// purpose: a test that read them from lib/ would agree with any mistake made there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Template } from "aws-cdk-lib/assertions";
import { makeDeployStack, template, type Json } from "./helpers.ts";

const templates: Array<[string, Template]> = [
  ["Cruddur", template()],
  ["CruddurGitHubDeploy", Template.fromStack(makeDeployStack())],
];
const all = (type: string): Array<[string, Json]> =>
  templates.flatMap(([stack, t]) => Object.entries(t.findResources(type) as Json).map(([id, r]): [string, Json] => [`${stack}/${id}`, r.Properties as Json]));
const inRange = (value: unknown, min: number, max: number, what: string) =>
  assert.ok(typeof value === "number" && Number.isInteger(value) && value >= min && value <= max, `${what}: ${String(value)} not in ${min}..${max}`);

/** Fargate task sizes: CPU units -> the memory (MiB) each accepts. */
const FARGATE_SIZES: Record<number, number[]> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: [2048, 3072, 4096, 5120, 6144, 7168, 8192],
  2048: Array.from({ length: 13 }, (_, i) => 4096 + i * 1024),
  4096: Array.from({ length: 23 }, (_, i) => 8192 + i * 1024),
  8192: Array.from({ length: 12 }, (_, i) => 16384 + i * 4096),
  16384: Array.from({ length: 12 }, (_, i) => 32768 + i * 8192),
};

test("Fargate: every task's CPU and memory are a pair Fargate runs", () => {
  const tasks = all("AWS::ECS::TaskDefinition");
  assert.ok(tasks.length > 0);
  for (const [id, td] of tasks) {
    assert.deepEqual(td.RequiresCompatibilities, ["FARGATE"], id);
    const cpu = Number(td.Cpu);
    const memory = Number(td.Memory);
    assert.ok(FARGATE_SIZES[cpu]?.includes(memory), `${id}: ${cpu} CPU units with ${memory} MiB is not a Fargate size`);
  }
});

test("ECS: container health checks within ECS's ranges", () => {
  for (const [id, td] of all("AWS::ECS::TaskDefinition")) {
    for (const c of td.ContainerDefinitions as Json[]) {
      if (!c.HealthCheck) continue;
      const what = `${id} ${c.Name as string}`;
      inRange(c.HealthCheck.Interval, 5, 300, `${what} interval`);
      inRange(c.HealthCheck.Timeout, 2, 120, `${what} timeout`);
      inRange(c.HealthCheck.Retries, 1, 10, `${what} retries`);
      inRange(c.HealthCheck.StartPeriod, 0, 300, `${what} start period`);
    }
  }
});

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

test("CloudWatch Logs: every retention is one CloudWatch accepts; names in its alphabet", () => {
  const groups = all("AWS::Logs::LogGroup");
  assert.ok(groups.length > 0);
  for (const [id, g] of groups) {
    assert.ok(LOG_RETENTION_DAYS.includes(g.RetentionInDays as number), `${id}: RetentionInDays ${String(g.RetentionInDays)}`);
    if (typeof g.LogGroupName === "string") assert.match(g.LogGroupName, /^[\w./#-]{1,512}$/, id);
  }
});

test("CloudWatch alarms: periods of 10 s, 30 s or whole minutes, a window of at most a day, names and descriptions within limits", () => {
  const alarms = all("AWS::CloudWatch::Alarm");
  assert.ok(alarms.length > 0);
  for (const [id, alarm] of alarms) {
    // A metric alarm has one Period; a metric-math alarm has one per metric it reads.
    const periods: unknown[] = alarm.Metrics ? (alarm.Metrics as Json[]).filter((m) => m.MetricStat).map((m) => m.MetricStat.Period) : [alarm.Period];
    assert.ok(periods.length > 0, id);
    for (const period of periods) {
      assert.ok(typeof period === "number" && (period === 10 || period === 30 || (period >= 60 && period % 60 === 0)), `${id}: Period ${String(period)}`);
      assert.ok(period * (alarm.EvaluationPeriods as number) <= 86_400, `${id}: ${alarm.EvaluationPeriods} x ${period} s is more than a day`);
    }
    inRange(alarm.EvaluationPeriods, 1, 1440, `${id} EvaluationPeriods`);
    if (alarm.DatapointsToAlarm !== undefined) inRange(alarm.DatapointsToAlarm, 1, alarm.EvaluationPeriods as number, `${id} DatapointsToAlarm`);
    if (alarm.Metrics) {
      const metrics = alarm.Metrics as Json[];
      assert.equal(metrics.filter((m) => m.ReturnData !== false).length, 1, `${id}: exactly one metric returns data`);
      for (const m of metrics) assert.match(m.Id, /^[a-z][a-zA-Z0-9_]*$/, `${id}: metric id`);
    }
    if (alarm.ExtendedStatistic !== undefined) assert.match(alarm.ExtendedStatistic, /^p(\d{1,2}(\.\d+)?|100)$/, id);
    assert.ok(String(alarm.AlarmName).length <= 255, `${id}: AlarmName`);
    assert.ok(String(alarm.AlarmDescription ?? "").length <= 1024, `${id}: AlarmDescription over 1024 characters`);
  }
});

/** Web ACL capacity units of the AWS managed rule groups we use (their published capacity). */
const MANAGED_GROUP_WCUS: Record<string, number> = {
  AWSManagedRulesAmazonIpReputationList: 25,
  AWSManagedRulesCommonRuleSet: 700,
  AWSManagedRulesKnownBadInputsRuleSet: 200,
};
/** A rate-based rule without a scope-down statement costs 2 WCUs. */
const RATE_RULE_WCUS = 2;
/** What a web ACL may use without the charge for extra capacity (its hard limit is 5,000). */
const WEB_ACL_INCLUDED_WCUS = 1500;

test("WAF: the web ACL's capacity stays within the included 1,500 WCUs; rules, metric names and responses within WAF's limits", () => {
  for (const [id, acl] of all("AWS::WAFv2::WebACL")) {
    const rules = acl.Rules as Json[];
    let capacity = 0;
    for (const rule of rules) {
      const managed = rule.Statement.ManagedRuleGroupStatement as Json | undefined;
      const rate = rule.Statement.RateBasedStatement as Json | undefined;
      if (managed) {
        const wcus = MANAGED_GROUP_WCUS[managed.Name as string];
        assert.ok(wcus !== undefined, `${id}: capacity of ${managed.Name as string} unknown here: add it from its documentation`);
        capacity += wcus;
      } else if (rate) {
        assert.equal(rate.ScopeDownStatement, undefined, `${id}: a scope-down statement adds capacity: count it`);
        capacity += RATE_RULE_WCUS;
        inRange(rate.Limit, 10, 2_000_000_000, `${id} ${rule.Name as string} Limit`);
        assert.ok([60, 120, 300, 600].includes(rate.EvaluationWindowSec as number), `${id}: EvaluationWindowSec ${String(rate.EvaluationWindowSec)}`);
      } else {
        assert.fail(`${id}: rule ${rule.Name as string} has a statement whose capacity this test cannot count`);
      }
      const response = rule.Action?.Block?.CustomResponse as Json | undefined;
      if (response) {
        inRange(response.ResponseCode, 200, 599, `${id} ${rule.Name as string} ResponseCode`);
        assert.ok(acl.CustomResponseBodies?.[response.CustomResponseBodyKey], `${id}: response body ${response.CustomResponseBodyKey as string} defined`);
      }
    }
    assert.ok(capacity <= WEB_ACL_INCLUDED_WCUS, `${id}: ${capacity} WCUs`);
    assert.equal(new Set(rules.map((r) => r.Priority)).size, rules.length, `${id}: priorities are unique`);
    assert.equal(new Set(rules.map((r) => r.Name)).size, rules.length, `${id}: names are unique`);
    for (const visibility of [acl.VisibilityConfig, ...rules.map((r) => r.VisibilityConfig)] as Json[]) {
      assert.match(visibility.MetricName, /^[\w#:.\-/]{1,128}$/, `${id}: metric name ${visibility.MetricName as string}`);
    }
    for (const [key, body] of Object.entries(acl.CustomResponseBodies ?? {}) as Array<[string, Json]>) {
      assert.match(key, /^[\w-]{1,128}$/, `${id}: body key`);
      assert.ok(Buffer.byteLength(body.Content as string) <= 4096, `${id}: body ${key} over 4 KB`);
      assert.ok(["TEXT_PLAIN", "TEXT_HTML", "APPLICATION_JSON"].includes(body.ContentType as string), `${id}: body ${key} content type`);
    }
  }
});

test("ALB target groups: health check timeout below its interval, counts and delays within ELB's ranges", () => {
  for (const [id, tg] of all("AWS::ElasticLoadBalancingV2::TargetGroup")) {
    inRange(tg.HealthCheckIntervalSeconds, 5, 300, `${id} interval`);
    inRange(tg.HealthCheckTimeoutSeconds, 2, 120, `${id} timeout`);
    assert.ok((tg.HealthCheckTimeoutSeconds as number) < (tg.HealthCheckIntervalSeconds as number), `${id}: timeout must be shorter than the interval`);
    inRange(tg.HealthyThresholdCount, 2, 10, `${id} healthy threshold`);
    inRange(tg.UnhealthyThresholdCount, 2, 10, `${id} unhealthy threshold`);
    const delay = (tg.TargetGroupAttributes as Json[]).find((a) => a.Key === "deregistration_delay.timeout_seconds");
    if (delay) inRange(Number(delay.Value), 0, 3600, `${id} deregistration delay`);
  }
});

test("Lambda: memory, timeout, description and environment within Lambda's limits", () => {
  const functions = all("AWS::Lambda::Function");
  assert.ok(functions.length > 0);
  for (const [id, fn] of functions) {
    inRange(fn.MemorySize ?? 128, 128, 10_240, `${id} MemorySize`);
    inRange(fn.Timeout ?? 3, 1, 900, `${id} Timeout`);
    assert.ok(String(fn.Description ?? "").length <= 256, `${id}: Description over 256 characters`);
    // 4 KB for all variables together (tokens count as their unresolved JSON: an upper bound).
    assert.ok(JSON.stringify(fn.Environment?.Variables ?? {}).length <= 4096, `${id}: environment over 4 KB`);
  }
});

test("RDS, Cognito and IAM: numbers within the services' ranges", () => {
  for (const [id, db] of all("AWS::RDS::DBInstance")) {
    inRange(Number(db.AllocatedStorage), 20, 65_536, `${id} AllocatedStorage (gp3)`);
    assert.ok(Number(db.MaxAllocatedStorage) > Number(db.AllocatedStorage), `${id}: MaxAllocatedStorage above AllocatedStorage`);
    inRange(db.BackupRetentionPeriod, 0, 35, `${id} BackupRetentionPeriod`);
    assert.ok([0, 1, 5, 10, 15, 30, 60].includes((db.MonitoringInterval as number | undefined) ?? 0), `${id}: MonitoringInterval`);
  }
  for (const [id, client] of all("AWS::Cognito::UserPoolClient")) {
    const units: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
    const seconds = (value: unknown, unit: string) => Number(value) * (units[unit] ?? NaN);
    const u = (client.TokenValidityUnits ?? {}) as Json;
    const access = seconds(client.AccessTokenValidity, u.AccessToken ?? "hours");
    const idToken = seconds(client.IdTokenValidity, u.IdToken ?? "hours");
    const refresh = seconds(client.RefreshTokenValidity, u.RefreshToken ?? "days");
    for (const [name, value] of [
      ["access", access],
      ["id", idToken],
    ] as const) {
      assert.ok(value >= 300 && value <= 86_400, `${id}: ${name} token validity ${value} s`);
    }
    assert.ok(refresh >= 3600 && refresh <= 10 * 365 * 86_400 && refresh > access, `${id}: refresh token validity ${refresh} s`);
  }
  for (const [id, role] of all("AWS::IAM::Role")) {
    if (role.MaxSessionDuration !== undefined) inRange(role.MaxSessionDuration, 3600, 43_200, `${id} MaxSessionDuration`);
  }
});
