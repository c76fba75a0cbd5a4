import * as path from "node:path";
import { Construct } from "constructs";
import { CustomResource, Duration, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import * as sfn from "aws-cdk-lib/aws-stepfunctions";
import * as cr from "aws-cdk-lib/custom-resources";
import { NagSuppressions } from "cdk-nag";
import { TIMEOUT_ENV, type MigrationProps as MigrationResourceProps } from "../lambda/migration-contract.ts";
import { CDK_DIR, type CruddurConfig } from "./config.ts";
import { NODE_RUNTIME, NODE_RUNTIME_SUPPRESSION, NODE_TARGET } from "./auth.ts";
import { logGroup } from "./log-groups.ts";
import { APP_USER, READ_ONLY_ROOT_FILESYSTEM } from "./service.ts";

const LAMBDA_BASIC_EXECUTION = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
const LAMBDA_VPC_ACCESS = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

export const MIGRATE_COMMAND = ["npm", "run", "db:migrate"];
export const MIGRATION_CONTAINER = "migrate";
/** The migration task is stopped, and the deploy fails, if it has not exited by then. */
export const MIGRATION_TIMEOUT = Duration.minutes(14);
/** The migration task's size (the smallest Fargate task), all of it the one container's hard limit. */
export const MIGRATION_TASK_MEMORY_MIB = 512;
/** How often the provider framework asks whether the task has stopped. */
export const POLL_INTERVAL = Duration.seconds(10);

/** Where the gate's functions run (lib/migration.ts: all of them in the VPC). */
type RunnerNetwork = Required<Pick<lambda.FunctionProps, "vpc" | "vpcSubnets" | "securityGroups">>;

export interface MigrationProps {
  config: CruddurConfig;
  vpc: ec2.IVpc;
  cluster: ecs.ICluster;
  image: ecs.ContainerImage;
  securityGroup: ec2.ISecurityGroup;
  environment: Record<string, string>;
  secrets: Record<string, ecs.Secret>;
}

/**
 * `npm run db:migrate` (prisma migrate deploy) as a one-off Fargate task of the same image, and a
 * custom resource that runs it on every deploy that changes the task definition (i.e. a new image)
 * and waits for exit code 0. The ECS service depends on this resource, so CloudFormation updates
 * the service (new version takes traffic) only after the migration succeeded; a failed migration
 * fails the deploy and CloudFormation rolls back without touching the running service.
 *
 * The resource is asynchronous (custom_resources.Provider with onEvent + isComplete, handlers in
 * lambda/run-migration.ts), so no Lambda waits for the task and the wait is not bound to 15 minutes.
 */
export class Migration extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: MigrationProps) {
    super(scope, id);
    const { config, vpc, cluster } = props;

    const taskLogs = logGroup(this, "Logs", config);
    this.taskDefinition = new ecs.FargateTaskDefinition(this, "TaskDefinition", {
      cpu: 256,
      memoryLimitMiB: MIGRATION_TASK_MEMORY_MIB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.taskDefinition.addContainer(MIGRATION_CONTAINER, {
      image: props.image,
      essential: true,
      user: APP_USER,
      readonlyRootFilesystem: READ_ONLY_ROOT_FILESYSTEM,
      memoryLimitMiB: MIGRATION_TASK_MEMORY_MIB,
      command: MIGRATE_COMMAND,
      environment: { NODE_ENV: "production", ...props.environment },
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "migrate", logGroup: taskLogs }),
    });

    const runnerLogs = logGroup(this, "RunnerLogs", config);
    // Every function of the gate runs in the private subnets (CT.LAMBDA.PR.3): they only call AWS APIs,
    // through the NAT gateway like the tasks, and nothing may connect to them.
    const runnerNetwork: RunnerNetwork = {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [
        new ec2.SecurityGroup(this, "RunnerSecurityGroup", {
          vpc,
          description: "Cruddur migration gate functions (no ingress; egress to AWS APIs via NAT)",
          allowAllOutbound: true,
        }),
      ],
    };
    // Construct ids differ from the former self-answering "Runner"/"Run": CloudFormation cannot change a
    // custom resource's ServiceToken in place, and the old resource's Delete must still reach the old,
    // unchanged function. So the gate is a new resource; the old pair is deleted after the update.
    const startTask = this.handler("StartTask", "onEvent", "start the DB migration task", runnerLogs, runnerNetwork);
    startTask.addEnvironment(TIMEOUT_ENV, String(MIGRATION_TIMEOUT.toSeconds()));
    this.taskDefinition.grantRun(startTask); // ecs:RunTask on this task definition + iam:PassRole
    const waitForTask = this.handler("WaitForTask", "isComplete", "has the DB migration task exited 0?", runnerLogs, runnerNetwork);
    waitForTask.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["ecs:DescribeTasks", "ecs:StopTask"],
        resources: [Stack.of(this).formatArn({ service: "ecs", resource: "task", resourceName: `${cluster.clusterName}/*` })],
      }),
    );

    // The framework answers CloudFormation: onEvent starts the task, then a Step Functions waiter calls
    // isComplete every POLL_INTERVAL until it returns true (success) or throws (the deploy fails).
    const provider = new cr.Provider(this, "Provider", {
      onEventHandler: startTask,
      isCompleteHandler: waitForTask,
      queryInterval: POLL_INTERVAL,
      // A backstop only: isComplete stops the task and fails at MIGRATION_TIMEOUT, before this.
      totalTimeout: MIGRATION_TIMEOUT.plus(Duration.minutes(1)),
      logGroup: runnerLogs,
      ...runnerNetwork,
      // Every state transition in its own vended-logs group (CT.STEPFUNCTIONS.PR.1, AwsSolutions-SF1): a few
      // dozen events per deploy; the events' input and output stay out (includeExecutionData defaults to false).
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: {
        destination: logGroup(this, "WaiterLogs", config, { logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-migration-waiter` }),
        level: sfn.LogLevel.ALL,
      },
    });
    this.traceWaiter(provider);
    // The framework's functions on the same Node as ours (aws-cdk-lib picks the region's "latest" it knows of).
    for (const child of provider.node.children) {
      if (child instanceof lambda.Function) (child.node.defaultChild as lambda.CfnFunction).runtime = NODE_RUNTIME.name;
    }

    const subnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    const properties: MigrationResourceProps = {
      ClusterArn: cluster.clusterArn,
      TaskDefinitionArn: this.taskDefinition.taskDefinitionArn,
      ContainerName: MIGRATION_CONTAINER,
      Subnets: subnets,
      SecurityGroups: [props.securityGroup.securityGroupId],
    };
    this.resource = new CustomResource(this, "Gate", {
      serviceToken: provider.serviceToken,
      resourceType: "Custom::CruddurDbMigration",
      properties,
    });
    // The task needs the NAT route (ECR pull, Secrets Manager) before it can start.
    this.resource.node.addDependency(vpc);

    NagSuppressions.addResourceSuppressions(
      [startTask, waitForTask],
      [
        {
          id: "AwsSolutions-IAM4",
          reason: "AWSLambdaBasicExecutionRole/AWSLambdaVPCAccessExecutionRole are the AWS-maintained minimum for a VPC Lambda (log writing, ENI management).",
          appliesTo: [LAMBDA_BASIC_EXECUTION, LAMBDA_VPC_ACCESS],
        },
        NODE_RUNTIME_SUPPRESSION,
      ],
      true,
    );
    // Findings on what custom_resources.Provider creates itself (framework functions, waiter state machine).
    NagSuppressions.addResourceSuppressions(
      provider,
      [
        {
          id: "AwsSolutions-IAM4",
          reason:
            "The provider framework's functions (created by custom_resources.Provider) use AWSLambdaBasicExecutionRole/AWSLambdaVPCAccessExecutionRole, the AWS-maintained minimum for a VPC Lambda.",
          appliesTo: [LAMBDA_BASIC_EXECUTION, LAMBDA_VPC_ACCESS],
        },
        NODE_RUNTIME_SUPPRESSION,
        {
          id: "AwsSolutions-IAM5",
          reason:
            "Provider grants lambda:InvokeFunction on the migration handlers and the framework functions, each as <ARN> and <ARN>:* (its versions and aliases); the wildcard never reaches another function.",
          appliesTo: [{ regex: "/^Resource::<Migration[A-Za-z0-9]+\\.Arn>:\\*$/g" }],
        },
        {
          id: "AwsSolutions-IAM5",
          reason:
            "The waiter state machine's role: Step Functions log delivery (logs:CreateLogDelivery etc.) and X-Ray tracing actions do not support resource-level permissions.",
          appliesTo: ["Resource::*"],
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(
      waitForTask,
      [
        {
          id: "AwsSolutions-IAM5",
          reason: "DescribeTasks/StopTask are scoped to tasks of this cluster only; task ids are not known before RunTask.",
          appliesTo: [{ regex: "/^Resource::arn:.*:ecs:.*:task/.*\\/\\*$/g" }],
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(this.taskDefinition, [
      {
        id: "AwsSolutions-ECS2",
        reason: "Only non-secret DB host/port/name and NODE_ENV are plain; DB_USER/DB_PASSWORD are ECS secrets.",
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      this.taskDefinition,
      [
        {
          id: "AwsSolutions-IAM5",
          reason: "ecr:GetAuthorizationToken (execution role, image pull) does not support resource-level permissions.",
          appliesTo: ["Resource::*"],
        },
      ],
      true,
    );
  }

  /** X-Ray tracing of the framework's waiter state machine (CT.STEPFUNCTIONS.PR.2), which Provider does not expose. */
  private traceWaiter(provider: cr.Provider): void {
    const waiter = provider.node.findChild("waiter-state-machine");
    (waiter.node.findChild("Resource") as sfn.CfnStateMachine).tracingConfiguration = { enabled: true };
    (waiter.node.findChild("Role") as iam.Role).addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
        resources: ["*"],
      }),
    );
  }

  /** One of the two handlers in lambda/run-migration.ts, bundled with the local esbuild. */
  private handler(id: string, exportName: string, purpose: string, handlerLogs: logs.ILogGroup, network: RunnerNetwork): NodejsFunction {
    return new NodejsFunction(this, id, {
      description: `Custom::CruddurDbMigration (${exportName}): ${purpose}`,
      entry: path.join(CDK_DIR, "lambda", "run-migration.ts"),
      handler: exportName,
      projectRoot: CDK_DIR,
      depsLockFilePath: path.join(CDK_DIR, "package-lock.json"),
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // Each call is one or two ECS API requests; the waiting is done by the framework's state machine.
      timeout: Duration.minutes(1),
      logGroup: handlerLogs,
      ...network,
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        target: NODE_TARGET,
        minify: true,
        externalModules: ["@aws-sdk/*"],
      },
    });
  }
}
