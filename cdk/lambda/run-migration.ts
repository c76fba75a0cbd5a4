// Custom::CruddurDbMigration, behind the CDK provider framework (custom_resources.Provider, see
// lib/migration.ts): `onEvent` starts the migration task on Create/Update, `isComplete` is polled until
// the task has stopped. Returning is success, throwing fails the deploy; the framework answers
// CloudFormation. Delete is a no-op.
import { DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand } from "@aws-sdk/client-ecs";
import { PHYSICAL_RESOURCE_ID, TIMEOUT_ENV, type MigrationProps } from "./migration-contract.ts";

// The framework's request/response shapes (aws-cdk-lib/custom-resources, provider-framework/types.d.ts),
// reduced to the fields used here.
export interface OnEventRequest {
  RequestType: "Create" | "Update" | "Delete";
  /** Sent with Update and Delete. */
  PhysicalResourceId?: string;
  ResourceProperties: MigrationProps & { ServiceToken?: string };
}
export interface OnEventResponse {
  PhysicalResourceId: string;
  Data?: { TaskArn: string };
  /** Passed on to isComplete: when to give up on the task (ms since the epoch). */
  Deadline?: number;
}
export type IsCompleteRequest = OnEventRequest & OnEventResponse;
export interface IsCompleteResponse {
  IsComplete: boolean;
}

/** The two handlers, over any ECS client (tests pass a fake). */
export function migrationHandlers(ecs: Pick<ECSClient, "send">, now: () => number = Date.now) {
  async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
    const physicalResourceId = event.PhysicalResourceId ?? PHYSICAL_RESOURCE_ID;
    if (event.RequestType === "Delete") return { PhysicalResourceId: physicalResourceId };

    const props = event.ResourceProperties;
    const run = await ecs.send(
      new RunTaskCommand({
        cluster: props.ClusterArn,
        taskDefinition: props.TaskDefinitionArn,
        launchType: "FARGATE",
        count: 1,
        startedBy: "cfn-db-migration",
        networkConfiguration: {
          awsvpcConfiguration: { subnets: props.Subnets, securityGroups: props.SecurityGroups, assignPublicIp: "DISABLED" },
        },
      }),
    );
    const taskArn = run.tasks?.[0]?.taskArn;
    if (!taskArn) throw new Error(`RunTask failed: ${JSON.stringify(run.failures ?? [])}`);
    console.log("started", taskArn);
    const timeoutSeconds = Number(process.env[TIMEOUT_ENV]);
    if (!(timeoutSeconds > 0)) throw new Error(`${TIMEOUT_ENV} must be a positive number of seconds`);
    return { PhysicalResourceId: physicalResourceId, Data: { TaskArn: taskArn }, Deadline: now() + timeoutSeconds * 1000 };
  }

  async function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
    if (event.RequestType === "Delete") return { IsComplete: true };
    const taskArn = event.Data?.TaskArn;
    if (!taskArn || !event.Deadline) throw new Error("isComplete called without the TaskArn/Deadline of onEvent");

    const props = event.ResourceProperties;
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: props.ClusterArn, tasks: [taskArn] }));
    const task = tasks?.[0];
    if (task?.lastStatus === "STOPPED") {
      const container = task.containers?.find((c) => c.name === props.ContainerName);
      if (container?.exitCode === 0) return { IsComplete: true };
      throw new Error(
        `migration task ${taskArn} stopped: exitCode=${container?.exitCode ?? "none"} ` +
          `reason=${container?.reason ?? task.stoppedReason ?? "unknown"} (see the migrate log group)`,
      );
    }
    if (now() < event.Deadline) return { IsComplete: false };
    await ecs.send(new StopTaskCommand({ cluster: props.ClusterArn, task: taskArn, reason: "migration timed out" }));
    throw new Error(`migration task ${taskArn} did not finish in time and was stopped`);
  }

  return { onEvent, isComplete };
}

export const { onEvent, isComplete } = migrationHandlers(new ECSClient({}));
