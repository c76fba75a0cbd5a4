import * as path from "node:path";
import { Construct } from "constructs";
import { CustomResource, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as ecs from "aws-cdk-lib/aws-ecs";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { NagSuppressions } from "cdk-nag";
import { CDK_DIR, type CruddurConfig } from "./config.ts";

export const MIGRATE_COMMAND = ["npm", "run", "db:migrate"];
export const MIGRATION_CONTAINER = "migrate";

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
 */
export class Migration extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: MigrationProps) {
    super(scope, id);
    const { config, vpc, cluster } = props;

    const logGroup = new logs.LogGroup(this, "Logs", {
      retention: config.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, "TaskDefinition", {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.taskDefinition.addContainer(MIGRATION_CONTAINER, {
      image: props.image,
      essential: true,
      command: MIGRATE_COMMAND,
      environment: { NODE_ENV: "production", ...props.environment },
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: "migrate", logGroup }),
    });

    const runnerLogs = new logs.LogGroup(this, "RunnerLogs", {
      retention: config.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const runner = new NodejsFunction(this, "Runner", {
      description: "CloudFormation custom resource: run the DB migration task and wait for it",
      entry: path.join(CDK_DIR, "lambda", "run-migration.ts"),
      handler: "handler",
      projectRoot: CDK_DIR,
      depsLockFilePath: path.join(CDK_DIR, "package-lock.json"),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(15),
      logGroup: runnerLogs,
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        target: "node22",
        minify: true,
        externalModules: ["@aws-sdk/*"],
      },
    });
    this.taskDefinition.grantRun(runner); // ecs:RunTask on this task definition + iam:PassRole
    const stack = Stack.of(this);
    runner.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["ecs:DescribeTasks", "ecs:StopTask"],
        resources: [stack.formatArn({ service: "ecs", resource: "task", resourceName: `${cluster.clusterName}/*` })],
      }),
    );

    const subnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
    this.resource = new CustomResource(this, "Run", {
      serviceToken: runner.functionArn,
      resourceType: "Custom::CruddurDbMigration",
      properties: {
        ClusterArn: cluster.clusterArn,
        TaskDefinitionArn: this.taskDefinition.taskDefinitionArn,
        ContainerName: MIGRATION_CONTAINER,
        Subnets: subnets,
        SecurityGroups: [props.securityGroup.securityGroupId],
      },
    });
    // The task needs the NAT route (ECR pull, Secrets Manager) before it can start.
    this.resource.node.addDependency(vpc);

    NagSuppressions.addResourceSuppressions(
      runner,
      [
        {
          id: "AwsSolutions-IAM4",
          reason: "AWSLambdaBasicExecutionRole is the AWS-maintained minimum for writing the function's logs.",
          appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        },
        {
          id: "AwsSolutions-IAM5",
          reason:
            "DescribeTasks/StopTask are scoped to tasks of this cluster only; task ids are not known before RunTask.",
          appliesTo: [{ regex: "/^Resource::arn:.*:ecs:.*:task/.*\\/\\*$/g" }],
        },
        {
          id: "AwsSolutions-L1",
          reason: "Pinned to nodejs22.x like the Post Confirmation Lambda (issue 7); upgraded together.",
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
}
