// Security-relevant properties of the Cruddur stack (docs/product.md §7, ADR 007), pinned with aws-cdk-lib/assertions.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Match, Template } from "aws-cdk-lib/assertions";
import { REPO_ROOT } from "../lib/config.ts";
import { COLLECTOR_MEMORY_MIB, SERVICE_CONNECT_PROXY_MIB } from "../lib/service.ts";
import { makeApp, makeStack, only, refId, resources, template, type Json } from "./helpers.ts";

const props = (type: string): Json => only(type)[1].Properties as Json;

function appTaskDefinition(): Json {
  const found = resources("AWS::ECS::TaskDefinition").filter(([, r]) => ((r.Properties as Json).ContainerDefinitions as Json[]).some((c) => c.Name === "app"));
  assert.equal(found.length, 1, "one task definition with the app container");
  return found[0]![1].Properties as Json;
}

const container = (td: Json, name: string): Json => {
  const c = (td.ContainerDefinitions as Json[]).find((x) => x.Name === name);
  assert.ok(c, `container ${name}`);
  return c;
};

// ---------------------------------------------------------------- network + database
test("VPC spans two AZs with public, private (egress) and isolated subnets; none hands out public IPs", () => {
  const subnets = resources("AWS::EC2::Subnet").map(([id, r]) => ({ id, props: r.Properties as Json }));
  assert.equal(subnets.length, 6);
  const azs = new Set(subnets.map((s) => JSON.stringify(s.props.AvailabilityZone)));
  assert.equal(azs.size, 2);
  const kind = (s: { props: Json }) => (s.props.Tags as Array<{ Key: string; Value: string }>).find((t) => t.Key === "aws-cdk:subnet-type")?.Value;
  assert.deepEqual(subnets.map(kind).sort(), ["Isolated", "Isolated", "Private", "Private", "Public", "Public"]);
  // The ALB and the NAT gateway bring their own addresses (CT.EC2.PR.11).
  for (const s of subnets) assert.equal(s.props.MapPublicIpOnLaunch, false, s.id);
  template().resourceCountIs("AWS::EC2::NatGateway", 1);
  template().resourceCountIs("AWS::EC2::FlowLog", 1);
});

test("database: PostgreSQL 16, encrypted, not public, in isolated (private) subnets, generated secret", () => {
  const db = props("AWS::RDS::DBInstance");
  assert.equal(db.Engine, "postgres");
  assert.match(String(db.EngineVersion), /^16(\.|$)/);
  assert.equal(db.StorageEncrypted, true);
  assert.equal(db.PubliclyAccessible, false);
  assert.ok(db.MasterUserPassword?.["Fn::Join"], "password resolved from Secrets Manager, not a literal");
  assert.match(JSON.stringify(db.MasterUserPassword), /resolve:secretsmanager/);

  const subnetGroup = props("AWS::RDS::DBSubnetGroup");
  const subnetIds = (subnetGroup.SubnetIds as Json[]).map(refId);
  assert.equal(subnetIds.length, 2);
  const all = template().findResources("AWS::EC2::Subnet") as Json;
  for (const id of subnetIds) {
    const subnet = all[id!] as Json;
    assert.ok(subnet, `subnet ${id}`);
    assert.notEqual(subnet.Properties.MapPublicIpOnLaunch, true, `${id} must not be public`);
    const tags = subnet.Properties.Tags as Array<{ Key: string; Value: string }>;
    assert.ok(
      tags.some((t) => t.Key === "aws-cdk:subnet-type" && t.Value === "Isolated"),
      `${id} is isolated`,
    );
  }
  template().hasResourceProperties("AWS::SecretsManager::Secret", {
    GenerateSecretString: Match.objectLike({ SecretStringTemplate: Match.stringLikeRegexp("cruddur") }),
  });
});

test("database security group: ingress only from the app and Lambda security groups, on 5432", () => {
  const [dbSgId] = (props("AWS::RDS::DBInstance").VPCSecurityGroups as Json[]).map((v) => refId(v));
  const dbSg = (template().findResources("AWS::EC2::SecurityGroup") as Json)[dbSgId!].Properties as Json;
  const rules: Json[] = [...(dbSg.SecurityGroupIngress ?? [])];
  for (const [, r] of resources("AWS::EC2::SecurityGroupIngress")) {
    const p = r.Properties as Json;
    if (refId(p.GroupId) === dbSgId) rules.push(p);
  }
  assert.equal(rules.length, 2, JSON.stringify(rules));
  for (const rule of rules) {
    assert.equal(rule.IpProtocol, "tcp");
    assert.equal(rule.FromPort, 5432);
    assert.equal(rule.ToPort, 5432);
    assert.equal(rule.CidrIp, undefined);
    assert.equal(rule.CidrIpv6, undefined);
  }
  const sources = rules.map((r) => refId(r.SourceSecurityGroupId)).sort();
  const appSg = refId((only("AWS::ECS::Service")[1].Properties as Json).NetworkConfiguration.AwsvpcConfiguration.SecurityGroups[0]);
  const lambdaSg =
    refId(props("AWS::Cognito::UserPool").LambdaConfig.PostConfirmation) &&
    refId(
      ((template().findResources("AWS::Lambda::Function") as Json)[refId(props("AWS::Cognito::UserPool").LambdaConfig.PostConfirmation)!].Properties as Json)
        .VpcConfig.SecurityGroupIds[0],
    );
  assert.deepEqual(sources, [appSg, lambdaSg].sort());
  assert.equal(dbSg.SecurityGroupEgress?.[0]?.CidrIp, "255.255.255.255/32", "no real egress (CDK's deny-all marker)");
});

// ---------------------------------------------------------------- load balancer
test("ALB: internet-facing, 443 HTTPS with the ACM certificate, 80 redirects to HTTPS", () => {
  template().hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", {
    Scheme: "internet-facing",
    Type: "application",
  });
  const listeners = resources("AWS::ElasticLoadBalancingV2::Listener").map(([, r]) => r.Properties as Json);
  assert.equal(listeners.length, 2);
  const https = listeners.find((l) => l.Port === 443)!;
  assert.equal(https.Protocol, "HTTPS");
  assert.equal(https.Certificates.length, 1);
  const certId = refId(https.Certificates[0].CertificateArn);
  assert.equal(certId, only("AWS::CertificateManager::Certificate")[0]);
  assert.equal(props("AWS::CertificateManager::Certificate").ValidationMethod, "DNS");
  assert.equal(https.DefaultActions[0].Type, "forward");

  const http = listeners.find((l) => l.Port === 80)!;
  assert.equal(http.Protocol, "HTTP");
  assert.deepEqual(http.DefaultActions, [{ Type: "redirect", RedirectConfig: { Port: "443", Protocol: "HTTPS", StatusCode: "HTTP_301" } }]);
});

test("Route 53 alias A record for the domain from context points at the ALB", () => {
  // The media host's records: test/media.test.ts.
  const records = resources("AWS::Route53::RecordSet")
    .map(([, r]) => r.Properties as Json)
    .filter((r) => r.Name === "cruddur.example.com.");
  assert.equal(records.length, 1);
  const record = records[0]!;
  assert.equal(record.Type, "A");
  assert.equal(record.HostedZoneId, "Z0000000000EXAMPLE");
  assert.equal(refId(record.AliasTarget.DNSName["Fn::Join"][1][1]), only("AWS::ElasticLoadBalancingV2::LoadBalancer")[0]);
});

test("target group health check path is /api/health-check on the app port", () => {
  template().hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", {
    HealthCheckPath: "/api/health-check",
    Matcher: { HttpCode: "200" },
    Port: 3000,
    TargetType: "ip",
  });
});

// ---------------------------------------------------------------- service
test("service: Fargate, private subnets, circuit breaker with rollback, Service Connect", () => {
  const service = only("AWS::ECS::Service")[1].Properties as Json;
  assert.equal(service.LaunchType, "FARGATE");
  assert.deepEqual(service.DeploymentConfiguration.DeploymentCircuitBreaker, { Enable: true, Rollback: true });
  assert.equal(service.DeploymentConfiguration.MinimumHealthyPercent, 100);
  assert.equal(service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, "DISABLED");
  assert.equal(service.ServiceConnectConfiguration.Enabled, true);
  template().hasResourceProperties("AWS::ECS::Cluster", {
    ServiceConnectDefaults: { Namespace: Match.anyValue() },
  });
  template().resourceCountIs("AWS::ServiceDiscovery::HttpNamespace", 1);
});

test("autoscaling on CPU and on ALB request count per target", () => {
  const policies = resources("AWS::ApplicationAutoScaling::ScalingPolicy").map(
    ([, r]) => (r.Properties as Json).TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType,
  );
  assert.deepEqual(policies.sort(), ["ALBRequestCountPerTarget", "ECSServiceAverageCPUUtilization"]);
});

test("app container: DB password, DB user, Rollbar token, Honeycomb key and media signing key arrive as Secrets, never Environment", () => {
  const app = container(appTaskDefinition(), "app");
  const env = Object.fromEntries((app.Environment as Json[]).map((e) => [e.Name, e.Value]));
  const secrets = (app.Secrets as Json[]).map((s) => s.Name).sort();
  assert.deepEqual(secrets, ["DB_PASSWORD", "DB_USER", "HONEYCOMB_API_KEY", "MEDIA_SIGNING_KEY", "ROLLBAR_ACCESS_TOKEN"]);
  for (const name of secrets) assert.equal(env[name], undefined, `${name} must not be plain env`);
  assert.equal(env.DATABASE_URL, undefined);
  for (const name of Object.keys(env)) assert.doesNotMatch(name, /PASSWORD|TOKEN|SECRET|API_KEY/);

  const valueFrom = (name: string) => JSON.stringify((app.Secrets as Json[]).find((s) => s.Name === name)!.ValueFrom);
  assert.match(valueFrom("DB_PASSWORD"), /:password::/);
  assert.match(valueFrom("DB_USER"), /:username::/);
  // the contract with the app (ADR 007)
  assert.equal(env.PORT, "3000");
  assert.equal(env.NODE_ENV, "production");
  assert.equal(env.DB_NAME, "cruddur");
  assert.equal(env.DB_SSLMODE, "verify-full", "RDS 16 forces TLS; the app verifies the server");
  assert.equal(env.OTEL_EXPORTER_OTLP_ENDPOINT, "http://localhost:4318");
  assert.equal(env.OTEL_SERVICE_NAME, "cruddur");
  assert.equal(env.OTEL_PROPAGATORS, "tracecontext,xray");
  assert.equal(env.AWS_REGION, "eu-west-1");
  assert.equal(env.SITE_ORIGIN, "https://cruddur.example.com");
  assert.equal(env.MEDIA_ORIGIN, "https://media.cruddur.example.com"); // the rest of the media contract: test/media.test.ts
  for (const name of ["DB_HOST", "DB_PORT", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID", "APP_VERSION", "MEDIA_BUCKET", "MEDIA_SIGNING_KEY_ID"]) {
    assert.ok(env[name], `${name} set`);
  }
  assert.deepEqual(app.HealthCheck.Command.slice(0, 3), ["CMD", "node", "-e"]);
  assert.match(app.HealthCheck.Command[3], /\/api\/health-check/);
});

test("ADOT collector sidecar with X-Ray config and X-Ray permissions on the task role", () => {
  const td = appTaskDefinition();
  const collector = container(td, "adot-collector");
  assert.match(collector.Image, /^public\.ecr\.aws\/aws-observability\/aws-otel-collector:/);
  const config = (collector.Environment as Json[]).find((e) => e.Name === "AOT_CONFIG_CONTENT")!.Value as string;
  assert.match(config, /awsxray:/);
  assert.match(config, /endpoint: 127\.0\.0\.1:4318/);
  assert.deepEqual(
    (collector.Secrets as Json[]).map((s) => s.Name),
    ["HONEYCOMB_API_KEY"],
  );
  assert.deepEqual(container(td, "app").DependsOn, [{ ContainerName: "adot-collector", Condition: "START" }]);

  const taskRoleId = refId(td.TaskRoleArn)!;
  const policies = resources("AWS::IAM::Policy")
    .map(([, r]) => r.Properties as Json)
    .filter((p) => (p.Roles as Json[]).some((r) => refId(r) === taskRoleId));
  const actions = policies.flatMap((p) => (p.PolicyDocument.Statement as Json[]).flatMap((s) => [s.Action].flat()));
  assert.ok(actions.includes("xray:PutTraceSegments"), JSON.stringify(actions));
});

test("every container: the image's non-root user, a read-only root filesystem, a hard memory limit that fits the task", () => {
  // The user the Dockerfile creates and switches to (the ECS task names it too, CT.ECS.PR.3).
  const dockerfile = fs.readFileSync(path.join(REPO_ROOT, "Dockerfile"), "utf8");
  assert.match(dockerfile, /groupadd [^\n]*--gid 10001 cruddur/);
  assert.match(dockerfile, /useradd [^\n]*--uid 10001 --gid cruddur/);
  assert.match(dockerfile, /^USER cruddur:cruddur$/m);
  assert.match(dockerfile, /^VOLUME \["\/tmp"\]$/m);
  const tds = resources("AWS::ECS::TaskDefinition").map(([, r]) => r.Properties as Json);
  assert.equal(tds.length, 2);
  for (const td of tds) {
    const containers = td.ContainerDefinitions as Json[];
    for (const c of containers) {
      assert.equal(c.User, "10001:10001", c.Name);
      assert.equal(c.ReadonlyRootFilesystem, true, c.Name);
      // The one writable place: the app's /tmp, a task volume the image declares (uploads wait there, ADR 033).
      const writable = ((c.MountPoints as Json[] | undefined) ?? []).filter((m) => m.ReadOnly === false);
      assert.deepEqual(
        writable.map((m) => m.ContainerPath),
        c.Name === "app" ? ["/tmp"] : [],
        c.Name,
      );
      assert.ok(Number.isInteger(c.Memory) && c.Memory >= 4, `${c.Name}: hard memory limit`);
      if (c.MemoryReservation !== undefined) assert.ok(c.MemoryReservation <= c.Memory, `${c.Name}: reservation within the limit`);
    }
    // The service's tasks also run the Service Connect proxy, which ECS adds outside the task definition.
    const proxy = td === appTaskDefinition() ? SERVICE_CONNECT_PROXY_MIB : 0;
    const total = containers.reduce((sum, c) => sum + (c.Memory as number), 0);
    assert.ok(total + proxy <= Number(td.Memory), `containers ${total} MiB + proxy ${proxy} MiB <= task ${td.Memory} MiB`);
  }
  assert.equal(container(appTaskDefinition(), "app").Memory, 1024 - COLLECTOR_MEMORY_MIB - SERVICE_CONNECT_PROXY_MIB);
  assert.throws(() => makeStack(makeApp({ "cruddur:taskMemoryMiB": 512 })), /taskMemoryMiB=512 leaves the app 128 MiB/);
});

test("ALB deletion protection, RDS IAM auth, log exports and OS metrics, versioned access-log bucket", () => {
  const alb = props("AWS::ElasticLoadBalancingV2::LoadBalancer");
  const attributes = Object.fromEntries((alb.LoadBalancerAttributes as Json[]).map((a) => [a.Key, a.Value]));
  assert.equal(attributes["deletion_protection.enabled"], "true");
  const db = props("AWS::RDS::DBInstance");
  assert.equal(db.EnableIAMDatabaseAuthentication, true);
  assert.deepEqual(db.EnableCloudwatchLogsExports, ["postgresql", "upgrade"]);
  assert.equal(db.MonitoringInterval, 60);
  const logBucketId = refId(
    (props("AWS::ElasticLoadBalancingV2::LoadBalancer").LoadBalancerAttributes as Json[]).find((a) => a.Key === "access_logs.s3.bucket")!.Value,
  )!;
  const bucket = (template().findResources("AWS::S3::Bucket") as Json)[logBucketId].Properties as Json;
  assert.equal(bucket.VersioningConfiguration.Status, "Enabled");
  assert.deepEqual(
    (bucket.LifecycleConfiguration.Rules as Json[]).map((r) => [r.ExpirationInDays, r.NoncurrentVersionExpiration?.NoncurrentDays]),
    [[90, 30]],
  );
});

test("migration gate's waiter state machine: logs to a vended-logs group, X-Ray tracing", () => {
  const [, stateMachine] = only("AWS::StepFunctions::StateMachine");
  const sm = stateMachine.Properties as Json;
  assert.equal(sm.TracingConfiguration.Enabled, true);
  assert.equal(sm.LoggingConfiguration.Level, "ALL");
  assert.equal(sm.LoggingConfiguration.IncludeExecutionData, false);
  const groupId = refId(sm.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn)!;
  const group = (template().findResources("AWS::Logs::LogGroup") as Json)[groupId].Properties as Json;
  assert.equal(group.LogGroupName, "/aws/vendedlogs/states/Cruddur-migration-waiter");
  const roleId = refId(sm.RoleArn)!;
  const actions = resources("AWS::IAM::Policy")
    .map(([, r]) => r.Properties as Json)
    .filter((p) => (p.Roles as Json[]).some((r) => refId(r) === roleId))
    .flatMap((p) => (p.PolicyDocument.Statement as Json[]).flatMap((s) => [s.Action].flat()));
  assert.ok(actions.includes("xray:PutTraceSegments") && actions.includes("logs:CreateLogDelivery"), JSON.stringify(actions));
});

test("migration: task definition runs `npm run db:migrate` on the same image, and the service waits for it", () => {
  const tds = resources("AWS::ECS::TaskDefinition").map(([id, r]) => ({ id, p: r.Properties as Json }));
  const migrate = tds.find((t) => (t.p.ContainerDefinitions as Json[]).some((c) => c.Name === "migrate"))!;
  const migrateContainer = container(migrate.p, "migrate");
  assert.deepEqual(migrateContainer.Command, ["npm", "run", "db:migrate"]);
  assert.deepEqual(migrateContainer.Image, container(appTaskDefinition(), "app").Image, "same image");
  assert.deepEqual((migrateContainer.Secrets as Json[]).map((s) => s.Name).sort(), ["DB_PASSWORD", "DB_USER"]);
  const migrateEnv = Object.fromEntries((migrateContainer.Environment as Json[]).map((e) => [e.Name, e.Value]));
  for (const name of ["DB_HOST", "DB_PORT", "DB_NAME", "DB_SSLMODE"]) assert.ok(migrateEnv[name], `migrate ${name}`);

  const [runId, run] = only("Custom::CruddurDbMigration");
  assert.equal(refId((run.Properties as Json).TaskDefinitionArn), migrate.id);
  const [, service] = only("AWS::ECS::Service");
  assert.ok([service.DependsOn ?? []].flat().includes(runId), "service DependsOn the migration run");
});

test("migration gate: served by custom_resources.Provider (onEvent + isComplete), each handler with only its own ECS rights", () => {
  const functions = template().findResources("AWS::Lambda::Function") as Json;
  const fn = (id: string | undefined): Json => {
    assert.ok(id && functions[id], `function ${id}`);
    return functions[id].Properties as Json;
  };
  const [, run] = only("Custom::CruddurDbMigration");
  const framework = fn(refId((run.Properties as Json).ServiceToken));
  assert.equal(framework.Handler, "framework.onEvent", "the provider framework answers CloudFormation");
  const onEventId = refId(framework.Environment.Variables.USER_ON_EVENT_FUNCTION_ARN)!;
  const isCompleteId = refId(framework.Environment.Variables.USER_IS_COMPLETE_FUNCTION_ARN)!;
  assert.equal(fn(onEventId).Handler, "index.onEvent");
  assert.equal(fn(isCompleteId).Handler, "index.isComplete");
  // Ours and the framework's functions: all on Node 24, all in the private subnets (CT.LAMBDA.PR.3).
  const gateFunctions = Object.entries(functions).filter(([, f]) =>
    /^(Custom::CruddurDbMigration|AWS CDK resource provider framework)/.test(String(f.Properties.Description)),
  );
  assert.equal(gateFunctions.length, 5, "onEvent, isComplete and the framework's onEvent, isComplete, onTimeout");
  for (const [id, f] of gateFunctions) {
    assert.equal(f.Properties.Runtime, "nodejs24.x", id);
    assert.equal(f.Properties.VpcConfig?.SubnetIds?.length, 2, id);
  }

  // isComplete gives up (stops the task) before the framework's own timeout would.
  const [, stateMachine] = only("AWS::StepFunctions::StateMachine");
  const definition = JSON.stringify((stateMachine.Properties as Json).DefinitionString);
  const interval = Number(/IntervalSeconds\\":(\d+)/.exec(definition)![1]);
  const attempts = Number(/MaxAttempts\\":(\d+)/.exec(definition)![1]);
  const migrationTimeout = Number(fn(onEventId).Environment.Variables.MIGRATION_TIMEOUT_SECONDS);
  assert.ok(migrationTimeout > 0 && migrationTimeout < interval * attempts, `${migrationTimeout}s < ${interval * attempts}s`);

  const actionsOf = (fnId: string): string[] => {
    const roleId = refId(fn(fnId).Role);
    return resources("AWS::IAM::Policy")
      .map(([, r]) => r.Properties as Json)
      .filter((p) => (p.Roles as Json[]).some((r) => refId(r) === roleId))
      .flatMap((p) => (p.PolicyDocument.Statement as Json[]).flatMap((s) => [s.Action].flat()))
      .sort();
  };
  assert.deepEqual(actionsOf(onEventId), ["ecs:RunTask", "iam:PassRole"]);
  assert.deepEqual(actionsOf(isCompleteId), ["ecs:DescribeTasks", "ecs:StopTask"]);
  const migrate = resources("AWS::ECS::TaskDefinition").find(([, r]) =>
    ((r.Properties as Json).ContainerDefinitions as Json[]).some((c) => c.Name === "migrate"),
  )!;
  const runTask = resources("AWS::IAM::Policy")
    .flatMap(([, r]) => (r.Properties as Json).PolicyDocument.Statement as Json[])
    .filter((s) => [s.Action].flat().includes("ecs:RunTask"));
  assert.deepEqual(
    runTask.map((s) => refId(s.Resource)),
    [migrate[0]],
    "RunTask on the migration task definition only",
  );
});

// ---------------------------------------------------------------- Cognito + Lambda
test("Cognito: email sign-in, required name + preferred_username, password policy, email recovery", () => {
  const pool = props("AWS::Cognito::UserPool");
  assert.deepEqual(pool.UsernameAttributes, ["email"]);
  assert.equal(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly, false);
  const required = (pool.Schema as Json[])
    .filter((a) => a.Required)
    .map((a) => a.Name)
    .sort();
  assert.deepEqual(required, ["email", "name", "preferred_username"]);
  assert.ok(pool.Policies.PasswordPolicy.MinimumLength >= 8);
  assert.deepEqual(pool.AccountRecoverySetting.RecoveryMechanisms, [{ Name: "verified_email", Priority: 1 }]);
});

test("Cognito: two-step sign-in is optional and by authenticator app (TOTP) only, never SMS", () => {
  const pool = props("AWS::Cognito::UserPool");
  assert.equal(pool.MfaConfiguration, "OPTIONAL");
  assert.deepEqual(pool.EnabledMfas, ["SOFTWARE_TOKEN_MFA"]);
  assert.equal(pool.SmsConfiguration, undefined, "no SMS role: the pool sends no text messages");
});

test("Cognito admin API: the app's task role may call AdminSetUserMFAPreference on this pool, and nothing else of cognito-idp; no other role any of it", () => {
  const poolId = only("AWS::Cognito::UserPool")[0];
  const taskRoleId = refId(appTaskDefinition().TaskRoleArn)!;
  const cognitoStatements = (roleId?: string) =>
    resources("AWS::IAM::Policy")
      .map(([, r]) => r.Properties as Json)
      .filter((p) => roleId === undefined || (p.Roles as Json[]).some((r) => refId(r) === roleId))
      .flatMap((p) => p.PolicyDocument.Statement as Json[])
      .filter((s) => [s.Action].flat().some((a: string) => a.startsWith("cognito-idp:") || a === "*"));
  assert.deepEqual(cognitoStatements(taskRoleId), [
    { Effect: "Allow", Action: "cognito-idp:AdminSetUserMFAPreference", Resource: { "Fn::GetAtt": [poolId, "Arn"] } },
  ]);
  assert.equal(cognitoStatements().length, 1, "no other role holds a cognito-idp action");
  const roles = resources("AWS::IAM::Role").map(([, r]) => r.Properties as Json);
  for (const role of roles) assert.equal(JSON.stringify(role.Policies ?? []).includes("cognito-idp:"), false, "no inline cognito-idp right on a role");
});

test("Cognito client: no secret, USER_PASSWORD_AUTH and refresh allowed", () => {
  const client = props("AWS::Cognito::UserPoolClient");
  assert.equal(client.GenerateSecret, false);
  assert.deepEqual([...client.ExplicitAuthFlows].sort(), ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]);
});

test("Post Confirmation trigger is the Node 24 Lambda in the VPC, with the DB secret and log retention", () => {
  const pool = props("AWS::Cognito::UserPool");
  const fnId = refId(pool.LambdaConfig.PostConfirmation)!;
  const fn = (template().findResources("AWS::Lambda::Function") as Json)[fnId].Properties as Json;
  assert.equal(fn.Runtime, "nodejs24.x");
  assert.equal(fn.Handler, "index.handler");
  assert.equal(fn.VpcConfig.SubnetIds.length, 2);
  assert.equal(fn.VpcConfig.SecurityGroupIds.length, 1);
  assert.equal(fn.Environment.Variables.DB_SSLMODE, "verify-full");
  const secretId = refId(fn.Environment.Variables.DB_SECRET_ARN);
  assert.equal(secretId, only("AWS::SecretsManager::SecretTargetAttachment")[0]);
  // Cognito may invoke it
  template().hasResourceProperties("AWS::Lambda::Permission", {
    FunctionName: { "Fn::GetAtt": [fnId, "Arn"] },
    Principal: "cognito-idp.amazonaws.com",
  });
  // logs go to a log group with retention
  const logGroupId = refId(fn.LoggingConfig.LogGroup);
  const logGroup = (template().findResources("AWS::Logs::LogGroup") as Json)[logGroupId!].Properties as Json;
  assert.equal(logGroup.RetentionInDays, 365);
});

test("every log group: a year's retention, the stack's log key; no LogRetention custom resource is needed", () => {
  const groups = resources("AWS::Logs::LogGroup");
  assert.ok(groups.length >= 9);
  const [keyId, key] = only("AWS::KMS::Key");
  assert.equal((key.Properties as Json).EnableKeyRotation, true);
  for (const [id, r] of groups) {
    assert.equal((r.Properties as Json).RetentionInDays, 365, id);
    assert.equal(refId((r.Properties as Json).KmsKeyId), keyId, id);
  }
  // CloudWatch Logs may use the key for this account's log groups in this region, and only it.
  const statements = (key.Properties as Json).KeyPolicy.Statement as Json[];
  const logsStatement = statements.find((s) => s.Principal?.Service === "logs.eu-west-1.amazonaws.com")!;
  assert.ok(logsStatement, "statement for CloudWatch Logs");
  assert.match(JSON.stringify(logsStatement.Condition.ArnLike), /arn:aws:logs:eu-west-1:123456789012:log-group:\*/);
  template().resourceCountIs("Custom::LogRetention", 0);
  // every awslogs driver points at one of these groups
  for (const [, r] of resources("AWS::ECS::TaskDefinition")) {
    for (const c of (r.Properties as Json).ContainerDefinitions as Json[]) {
      assert.equal(c.LogConfiguration.LogDriver, "awslogs", c.Name);
      assert.ok(
        groups.some(([id]) => id === refId(c.LogConfiguration.Options["awslogs-group"])),
        c.Name,
      );
    }
  }
});

test("no hard-coded domain or account: both come from context", () => {
  const json = JSON.stringify(template().toJSON());
  assert.match(json, /cruddur\.example\.com/); // the cdk.json placeholder
});

// ---------------------------------------------------------------- WAF
test("WAF: a regional web ACL with IP reputation, a per-IP rate limit, common rules and known bad inputs", () => {
  const acl = props("AWS::WAFv2::WebACL");
  assert.equal(acl.Scope, "REGIONAL");
  assert.deepEqual(acl.DefaultAction, { Allow: {} });
  const rules = [...(acl.Rules as Json[])].sort((a, b) => a.Priority - b.Priority);
  assert.deepEqual(
    rules.map((r) => [r.Priority, r.Name]),
    [
      [0, "AWSManagedRulesAmazonIpReputationList"],
      [1, "RateLimitPerIp"],
      [2, "AWSManagedRulesCommonRuleSet"],
      [3, "AWSManagedRulesKnownBadInputsRuleSet"],
    ],
  );
  for (const rule of rules.filter((r) => r.Statement.ManagedRuleGroupStatement)) {
    assert.deepEqual(rule.OverrideAction, { None: {} }, `${rule.Name} blocks as AWS defines it`);
    assert.equal(rule.Statement.ManagedRuleGroupStatement.VendorName, "AWS");
    assert.equal(rule.Statement.ManagedRuleGroupStatement.Name, rule.Name);
  }
  // A 1,024-character reply in CJK or emoji is over 8 KB URL-encoded: the body size rule only counts.
  const common = rules.find((r) => r.Name === "AWSManagedRulesCommonRuleSet")!;
  assert.deepEqual(common.Statement.ManagedRuleGroupStatement.RuleActionOverrides, [{ Name: "SizeRestrictions_BODY", ActionToUse: { Count: {} } }]);

  const rate = rules.find((r) => r.Name === "RateLimitPerIp")!;
  assert.deepEqual(rate.Statement.RateBasedStatement, { Limit: 2000, AggregateKeyType: "IP", EvaluationWindowSec: 300 });
  assert.equal(rate.Action.Block.CustomResponse.ResponseCode, 429);
  const bodyKey = rate.Action.Block.CustomResponse.CustomResponseBodyKey as string;
  assert.match(acl.CustomResponseBodies[bodyKey].Content, /try again/);

  for (const v of [acl.VisibilityConfig, ...rules.map((r) => r.VisibilityConfig)]) {
    assert.equal(v.CloudWatchMetricsEnabled, true);
    assert.equal(v.SampledRequestsEnabled, true);
  }
});

test("WAF: the rate limit comes from context", () => {
  const app = makeApp({ "cruddur:wafRateLimit": "500" });
  const acl = Object.values(Template.fromStack(makeStack(app)).findResources("AWS::WAFv2::WebACL"))[0] as Json;
  const rate = (acl.Properties.Rules as Json[]).find((r) => r.Name === "RateLimitPerIp")!;
  assert.equal(rate.Statement.RateBasedStatement.Limit, 500);
});

test("WAF: the web ACL is associated with the ALB", () => {
  const association = props("AWS::WAFv2::WebACLAssociation");
  assert.equal(refId(association.ResourceArn), only("AWS::ElasticLoadBalancingV2::LoadBalancer")[0]);
  assert.equal(refId(association.WebACLArn), only("AWS::WAFv2::WebACL")[0]);
});

test("WAF: blocked and counted requests are logged to an aws-waf-logs- group, without cookies", () => {
  const logging = props("AWS::WAFv2::LoggingConfiguration");
  assert.equal(refId(logging.ResourceArn), only("AWS::WAFv2::WebACL")[0]);
  // WAF takes only groups named aws-waf-logs-*, by an ARN without the ":*" of the group's Arn attribute.
  const [groupId, group] = resources("AWS::Logs::LogGroup").find(([, r]) => (r.Properties as Json).LogGroupName === "aws-waf-logs-Cruddur")!;
  assert.equal((group.Properties as Json).RetentionInDays, 365);
  assert.equal(logging.LogDestinationConfigs.length, 1);
  const [prefix, ref] = logging.LogDestinationConfigs[0]["Fn::Join"][1] as [string, Json];
  assert.equal(prefix, "arn:aws:logs:eu-west-1:123456789012:log-group:");
  assert.equal(refId(ref), groupId);
  assert.deepEqual(logging.RedactedFields, [{ SingleHeader: { Name: "cookie" } }]);
  assert.equal(logging.LoggingFilter.DefaultBehavior, "DROP");
  const kept = (logging.LoggingFilter.Filters as Json[]).flatMap((f) => (f.Conditions as Json[]).map((c) => c.ActionCondition.Action));
  assert.deepEqual(kept.sort(), ["BLOCK", "COUNT"]);
});
