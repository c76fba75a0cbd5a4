import { Construct } from "constructs";
import { Duration, IgnoreMode, RemovalPolicy, SecretValue, Stack, Validations } from "aws-cdk-lib";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import { DockerImageAsset, Platform } from "aws-cdk-lib/aws-ecr-assets";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as route53Targets from "aws-cdk-lib/aws-route53-targets";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as servicediscovery from "aws-cdk-lib/aws-servicediscovery";
import { NagSuppressions } from "cdk-nag";
import { privateBucket } from "./buckets.ts";
import { collectorConfigYaml, OTLP_HTTP_PORT } from "./adot-collector.ts";
import { REPO_ROOT, type CruddurConfig } from "./config.ts";
import { DB_NAME, DB_SSLMODE } from "./database.ts";
import { logGroup } from "./log-groups.ts";
import type { Media } from "./media.ts";

export const APP_PORT = 3000;
export const HEALTH_CHECK_PATH = "/api/health-check";
/** The image's user (Dockerfile: `useradd --uid 10001`, group 10001): named in the task too (CT.ECS.PR.3). */
export const APP_USER = "10001:10001";
/**
 * Every container's root filesystem is read-only (CT.ECS.PR.6). The one writable place is the app's /tmp, a task
 * volume on the task's ephemeral storage, where uploads wait while they are re-encoded (ADR 033); the image
 * declares /tmp as a VOLUME, so Fargate's bind mount keeps its mode (1777) instead of root-owned 0755.
 * `npm start` / `npm run db:migrate` (npm 11, prisma migrate deploy) were run here as a non-root user with
 * $HOME and the app read-only and succeed (npm skips its log file).
 */
export const READ_ONLY_ROOT_FILESYSTEM = true;
/** The app's writable /tmp (see above). */
export const UPLOADS_VOLUME = "tmp";
/** The ADOT collector's hard memory limit; it needs ~50-100 MiB at this traffic. */
export const COLLECTOR_MEMORY_MIB = 256;
/** Left in the task for the Service Connect proxy that ECS adds to the service's tasks (it is not in the task definition). */
export const SERVICE_CONNECT_PROXY_MIB = 128;
/** The server's floor (`npm start`: V8 old space 160 MiB plus code, buffers and npm itself). */
export const APP_MIN_MEMORY_MIB = 384;

/** Same command as the Dockerfile HEALTHCHECK (no curl in the image). */
export const HEALTH_CHECK_JS = "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health-check').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))";

export interface AppServiceProps {
  vpc: ec2.IVpc;
  config: CruddurConfig;
  db: { host: string; port: string; secret: secretsmanager.ISecret };
  cognito: { userPoolId: string; clientId: string };
}

/**
 * The app: image asset, ECS cluster with a Service Connect namespace, the Fargate service (app +
 * ADOT collector sidecar) behind an internet-facing ALB with HTTPS, DNS and autoscaling.
 *
 * The constructor only wires the parts together; each part is a private method below, in the order
 * they are built. Every construct keeps `this` as its scope, so construct paths (and CloudFormation
 * logical ids) do not depend on how the code is split.
 */
export class AppService extends Construct {
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly securityGroup: ec2.SecurityGroup;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The stack's access-log bucket: the ALB's logs, and the S3 server access logs of the other buckets. */
  readonly accessLogs: s3.Bucket;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly image: ecs.ContainerImage;
  readonly appVersion: string;
  readonly appLogGroup: logs.LogGroup;
  /** The public hosted zone of `domainName`. */
  readonly zone: route53.IHostedZone;
  readonly rollbarSecret: secretsmanager.Secret;
  readonly honeycombSecret: secretsmanager.Secret;
  /** Variables and secrets shared by the service and the migration task (the app's contract). */
  readonly dbEnvironment: Record<string, string>;
  readonly dbSecrets: Record<string, ecs.Secret>;

  private readonly config: CruddurConfig;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    const { vpc, config } = props;
    this.config = config;
    this.region = Stack.of(this).region;

    const asset = this.imageAsset();
    this.image = ecs.ContainerImage.fromDockerImageAsset(asset);
    this.appVersion = config.appVersion || asset.assetHash.slice(0, 12);

    this.rollbarSecret = this.vendorSecret("RollbarAccessToken", "Cruddur: Rollbar server access token (set the real value, see docs/deploy.md)");
    this.honeycombSecret = this.vendorSecret("HoneycombApiKey", "Cruddur: Honeycomb ingest API key used by the ADOT collector (see docs/deploy.md)");

    this.cluster = this.serviceConnectCluster(vpc);

    // RDS PostgreSQL 16 rejects unencrypted connections (rds.force_ssl=1 by default); the app verifies
    // the server's certificate and host name (DB_SSLMODE, see docs/deploy.md).
    this.dbEnvironment = { DB_HOST: props.db.host, DB_PORT: props.db.port, DB_NAME, DB_SSLMODE };
    this.dbSecrets = {
      DB_USER: ecs.Secret.fromSecretsManager(props.db.secret, "username"),
      DB_PASSWORD: ecs.Secret.fromSecretsManager(props.db.secret, "password"),
    };

    this.appLogGroup = this.logGroup("AppLogs");
    this.taskDefinition = this.appTaskDefinition(props.cognito);

    this.zone = route53.HostedZone.fromHostedZoneAttributes(this, "Zone", {
      hostedZoneId: config.hostedZoneId,
      zoneName: config.hostedZoneName,
    });
    this.accessLogs = this.accessLogBucket();
    this.loadBalancer = this.internetFacingLoadBalancer(vpc);
    const https = this.listeners(this.zone);

    this.securityGroup = new ec2.SecurityGroup(this, "ServiceSecurityGroup", {
      vpc,
      description: "Cruddur app tasks (ingress from the ALB only; egress for ECR, Secrets Manager, X-Ray, Rollbar)",
      allowAllOutbound: true,
    });
    this.service = this.fargateService();
    this.targetGroup = this.appTargets(https);
    this.autoscaling();

    new route53.ARecord(this, "Alias", {
      zone: this.zone,
      recordName: config.domainName,
      target: route53.RecordTarget.fromAlias(new route53Targets.LoadBalancerTarget(this.loadBalancer)),
    });
  }

  /** The image, built from the repository root at `cdk deploy` (synth only stages the files). */
  private imageAsset(): DockerImageAsset {
    return new DockerImageAsset(this, "Image", {
      directory: REPO_ROOT,
      file: "Dockerfile",
      platform: Platform.LINUX_AMD64,
      ignoreMode: IgnoreMode.DOCKER,
      // .dockerignore is honoured too; these are repeated so that cdk.out can never be copied into itself.
      exclude: ["cdk", "**/node_modules", ".git", ".cache", "build", "public/build"],
      buildArgs: this.config.appVersion ? { APP_VERSION: this.config.appVersion } : {},
    });
  }

  /** A third-party key: created with a placeholder, the real value is set with put-secret-value. */
  private vendorSecret(id: string, description: string): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, id, {
      description,
      secretStringValue: SecretValue.unsafePlainText("REPLACE_ME"),
    });
    NagSuppressions.addResourceSuppressions(secret, [
      {
        id: "AwsSolutions-SMG4",
        reason:
          "Third-party API key issued by the vendor's console; Secrets Manager cannot rotate it. Rotate at the vendor, then put-secret-value + force a new deployment (docs/deploy.md).",
      },
    ]);
    return secret;
  }

  private logGroup(id: string): logs.LogGroup {
    return logGroup(this, id, this.config);
  }

  /** The cluster, with the Cloud Map namespace Service Connect uses. */
  private serviceConnectCluster(vpc: ec2.IVpc): ecs.Cluster {
    return new ecs.Cluster(this, "Cluster", {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      // An HTTP namespace is enough for Service Connect (no Route 53 private zone to pay for).
      defaultCloudMapNamespace: {
        name: "cruddur.internal",
        type: servicediscovery.NamespaceType.HTTP,
        useForServiceConnect: true,
      },
    });
  }

  /** The service's task definition: the app container and the ADOT collector sidecar it starts after. */
  private appTaskDefinition(cognito: AppServiceProps["cognito"]): ecs.FargateTaskDefinition {
    const taskDefinition = new ecs.FargateTaskDefinition(this, "TaskDefinition", {
      cpu: this.config.taskCpu,
      memoryLimitMiB: this.config.taskMemoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const collector = this.addCollectorSidecar(taskDefinition);
    const app = this.addAppContainer(taskDefinition, cognito);
    app.addContainerDependencies({ container: collector, condition: ecs.ContainerDependencyCondition.START });

    // After the containers: suppressions apply to the children (roles, policies) that exist by now.
    NagSuppressions.addResourceSuppressions(taskDefinition, [
      {
        id: "AwsSolutions-ECS2",
        reason:
          "Only non-secret configuration is in `environment` (port, DB host/port/name, Cognito ids, OTEL settings, region, version, media bucket/origin/key id). Every credential (DB_USER, DB_PASSWORD, ROLLBAR_ACCESS_TOKEN, HONEYCOMB_API_KEY, MEDIA_SIGNING_KEY) is an ECS secret from Secrets Manager.",
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      taskDefinition,
      [
        {
          id: "AwsSolutions-IAM5",
          reason: "X-Ray trace/sampling actions (task role) and ecr:GetAuthorizationToken (execution role) do not support resource-level permissions.",
          appliesTo: ["Resource::*"],
        },
      ],
      true,
    );
    return taskDefinition;
  }

  /** ADOT collector: OTLP in on localhost (lib/adot-collector.ts), traces out to X-Ray and Honeycomb. */
  private addCollectorSidecar(taskDefinition: ecs.FargateTaskDefinition): ecs.ContainerDefinition {
    const logGroup = this.logGroup("CollectorLogs");
    // X-Ray through the collector, with the task role (these actions have no resource-level permissions).
    taskDefinition.addToTaskRolePolicy(
      new iam.PolicyStatement({
        actions: [
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
          "xray:GetSamplingStatisticSummaries",
        ],
        resources: ["*"],
      }),
    );
    const collector = taskDefinition.addContainer("adot-collector", {
      image: ecs.ContainerImage.fromRegistry(this.config.adotImage),
      // Tracing must never take the app down: a crashed collector only loses spans.
      essential: false,
      memoryReservationMiB: 64,
      memoryLimitMiB: COLLECTOR_MEMORY_MIB,
      // The image runs as root by default and needs nothing of it (ports above 1024, no files written).
      user: "10001:10001",
      readonlyRootFilesystem: READ_ONLY_ROOT_FILESYSTEM,
      environment: { AOT_CONFIG_CONTENT: collectorConfigYaml(this.region, this.config.honeycombEndpoint) },
      secrets: { HONEYCOMB_API_KEY: this.honeycombApiKey() },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "adot", logGroup }),
    });
    Validations.of(taskDefinition).acknowledge({
      id: "CloudFormation-Validate::E1029",
      reason:
        "`${env:HONEYCOMB_API_KEY}` in AOT_CONFIG_CONTENT is collector config syntax, resolved by the collector at start; CloudFormation must pass it through untouched.",
    });
    return collector;
  }

  private honeycombApiKey(): ecs.Secret {
    return ecs.Secret.fromSecretsManager(this.honeycombSecret);
  }

  /** The app container: the contract with the app (ADR 007) is its environment and secrets. */
  private addAppContainer(taskDefinition: ecs.FargateTaskDefinition, cognito: AppServiceProps["cognito"]): ecs.ContainerDefinition {
    taskDefinition.addVolume({ name: UPLOADS_VOLUME });
    const app = taskDefinition.addContainer("app", {
      image: this.image,
      essential: true,
      user: APP_USER,
      readonlyRootFilesystem: READ_ONLY_ROOT_FILESYSTEM,
      // The rest of the task is the collector's and the Service Connect proxy's: the app cannot starve them.
      memoryLimitMiB: this.appMemoryMiB(),
      portMappings: [{ name: "http", containerPort: APP_PORT, appProtocol: ecs.AppProtocol.http }],
      environment: {
        PORT: String(APP_PORT),
        NODE_ENV: "production",
        ...this.dbEnvironment,
        COGNITO_USER_POOL_ID: cognito.userPoolId,
        COGNITO_CLIENT_ID: cognito.clientId,
        AWS_REGION: this.region,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://localhost:${OTLP_HTTP_PORT}`,
        OTEL_SERVICE_NAME: "cruddur",
        OTEL_PROPAGATORS: "tracecontext,xray",
        APP_VERSION: this.appVersion,
        // Absolute links in share cards (OpenGraph), never made from a Host header a client sent.
        SITE_ORIGIN: `https://${this.config.domainName}`,
      },
      secrets: {
        ...this.dbSecrets,
        ROLLBAR_ACCESS_TOKEN: ecs.Secret.fromSecretsManager(this.rollbarSecret),
        HONEYCOMB_API_KEY: this.honeycombApiKey(),
      },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "app", logGroup: this.appLogGroup }),
      healthCheck: {
        command: ["CMD", "node", "-e", HEALTH_CHECK_JS],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(30),
      },
      // tini as PID 1: forwards SIGTERM to `npm start` and reaps zombies.
      linuxParameters: new ecs.LinuxParameters(this, "AppLinuxParameters", { initProcessEnabled: true }),
      stopTimeout: Duration.seconds(30),
    });
    app.addMountPoints({ sourceVolume: UPLOADS_VOLUME, containerPath: "/tmp", readOnly: false });
    return app;
  }

  /**
   * Pictures in S3 behind CloudFront (lib/media.ts, ADR 033): the app's side of the contract. The app stores
   * in MEDIA_BUCKET (region: AWS_REGION), links to MEDIA_ORIGIN, and signs crud picture URLs with
   * MEDIA_SIGNING_KEY (the private PEM, read by the execution role at task start) under MEDIA_SIGNING_KEY_ID.
   */
  useMedia(media: Media): void {
    const app = this.taskDefinition.findContainer("app");
    if (!app) throw new Error("the app container is missing");
    app.addEnvironment("MEDIA_BUCKET", media.bucket.bucketName);
    app.addEnvironment("MEDIA_ORIGIN", media.origin);
    app.addEnvironment("MEDIA_SIGNING_KEY_ID", media.publicKey.publicKeyId);
    app.addSecret("MEDIA_SIGNING_KEY", ecs.Secret.fromSecretsManager(media.signingKey));
    media.grantApp(this.taskDefinition.taskRole);
    NagSuppressions.addResourceSuppressions(
      this.taskDefinition.taskRole,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "The app puts, gets and deletes picture objects under keys it makes up (<kind>/<random key>/<variant>.webp): object actions on the media bucket's objects only, never another bucket.",
          appliesTo: [{ regex: "/^Resource::<MediaBucket[0-9A-F]{8}\\.Arn>\\/\\*$/g" }],
        },
      ],
      true,
    );
  }

  /** The app container's hard limit: the task less the collector's and the proxy's share. */
  private appMemoryMiB(): number {
    const mib = this.config.taskMemoryMiB - COLLECTOR_MEMORY_MIB - SERVICE_CONNECT_PROXY_MIB;
    if (mib < APP_MIN_MEMORY_MIB) {
      throw new Error(
        `cruddur:taskMemoryMiB=${this.config.taskMemoryMiB} leaves the app ${mib} MiB next to the collector and proxy; it needs ${APP_MIN_MEMORY_MIB}`,
      );
    }
    return mib;
  }

  /** The access-log bucket, created before the ALB that logs into it. */
  private accessLogBucket(): s3.Bucket {
    // SSE-S3: ALB log delivery supports nothing else. Versioned: a deleted or overwritten log stays
    // recoverable for 30 days (CT.S3.PR.11); logs are written once, so versioning costs only that window.
    const accessLogs = privateBucket(this, "AlbAccessLogs", {
      lifecycleRules: [{ expiration: Duration.days(90), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Not logged itself (that would recurse); cdk-nag's S1 exempts it as the media buckets' access-log target.
    return accessLogs;
  }

  /** The public ALB (its access logs in S3), before any listener. */
  private internetFacingLoadBalancer(vpc: ec2.IVpc): elbv2.ApplicationLoadBalancer {
    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, "LoadBalancer", {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
      // The site's address and its DNS alias: deleting it by mistake is an outage (CT.ELASTICLOADBALANCING.PR.5).
      deletionProtection: this.config.albDeletionProtection,
    });
    loadBalancer.logAccessLogs(this.accessLogs, "alb");
    NagSuppressions.addResourceSuppressions(
      loadBalancer,
      [
        {
          id: "AwsSolutions-EC23",
          reason: "Internet-facing ALB of a public web app: 0.0.0.0/0 may reach ports 80 (redirect only) and 443.",
        },
      ],
      true,
    );
    return loadBalancer;
  }

  /** HTTPS only, with a DNS-validated certificate; port 80 only redirects. Returns the HTTPS listener. */
  private listeners(zone: route53.IHostedZone): elbv2.ApplicationListener {
    const certificate = new acm.Certificate(this, "Certificate", {
      domainName: this.config.domainName,
      validation: acm.CertificateValidation.fromDns(zone),
    });
    const https = this.loadBalancer.addListener("Https", {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: true,
    });
    this.loadBalancer.addRedirect({
      sourcePort: 80,
      sourceProtocol: elbv2.ApplicationProtocol.HTTP,
      targetPort: 443,
      targetProtocol: elbv2.ApplicationProtocol.HTTPS,
    });
    return https;
  }

  /** Rolling deploys (never below the desired count), rolled back by the circuit breaker. */
  private fargateService(): ecs.FargateService {
    const serviceConnectLogGroup = this.logGroup("ServiceConnectLogs");
    return new ecs.FargateService(this, "Service", {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: this.config.desiredCount,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(60),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.securityGroup],
      assignPublicIp: false,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      serviceConnectConfiguration: {
        services: [{ portMappingName: "http", dnsName: "cruddur-app", port: APP_PORT }],
        logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: "service-connect", logGroup: serviceConnectLogGroup }),
      },
    });
  }

  /** The app containers behind the HTTPS listener, health-checked on HEALTH_CHECK_PATH. */
  private appTargets(https: elbv2.ApplicationListener): elbv2.ApplicationTargetGroup {
    return https.addTargets("App", {
      port: APP_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service.loadBalancerTarget({ containerName: "app", containerPort: APP_PORT })],
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: HEALTH_CHECK_PATH,
        healthyHttpCodes: "200",
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
  }

  /** Between desiredCount and maxCount tasks, on CPU and on ALB requests per target. */
  private autoscaling(): void {
    const scaling = this.service.autoScaleTaskCount({
      minCapacity: this.config.desiredCount,
      maxCapacity: this.config.maxCount,
    });
    scaling.scaleOnCpuUtilization("Cpu", {
      targetUtilizationPercent: 60,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(180),
    });
    scaling.scaleOnRequestCount("Requests", {
      requestsPerTarget: this.config.requestsPerTarget,
      targetGroup: this.targetGroup,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(180),
    });
  }
}
