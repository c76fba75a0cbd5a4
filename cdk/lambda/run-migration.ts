// CloudFormation custom resource (Custom::CruddurDbMigration): runs the migration task definition
// once on Create/Update and reports SUCCESS only when its container exited 0. Delete is a no-op.
// It answers CloudFormation itself (PUT to the pre-signed ResponseURL), so no provider framework.
import { DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand } from "@aws-sdk/client-ecs";
import type { CloudFormationCustomResourceEvent, Context } from "aws-lambda";

interface Props {
  ClusterArn: string;
  TaskDefinitionArn: string;
  ContainerName: string;
  Subnets: string[];
  SecurityGroups: string[];
}

const ecs = new ECSClient({});
const POLL_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function handler(event: CloudFormationCustomResourceEvent, context: Context): Promise<void> {
  let status: "SUCCESS" | "FAILED" = "SUCCESS";
  let reason = "ok";
  let data: Record<string, string> = {};
  try {
    if (event.RequestType !== "Delete") {
      data = await runMigration(event.ResourceProperties as unknown as Props, context);
    }
  } catch (error) {
    status = "FAILED";
    reason = error instanceof Error ? error.message : String(error);
    console.error("migration failed:", reason);
  }
  await respond(event, context, status, reason, data);
}

async function runMigration(props: Props, context: Context): Promise<Record<string, string>> {
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

  // Leave a minute to stop the task and answer CloudFormation before the 15-minute Lambda limit.
  while (context.getRemainingTimeInMillis() > 60_000) {
    await sleep(POLL_MS);
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: props.ClusterArn, tasks: [taskArn] }));
    const task = tasks?.[0];
    if (task?.lastStatus !== "STOPPED") continue;
    const container = task.containers?.find((c) => c.name === props.ContainerName);
    if (container?.exitCode === 0) return { TaskArn: taskArn };
    throw new Error(
      `migration task ${taskArn} stopped: exitCode=${container?.exitCode ?? "none"} ` +
        `reason=${container?.reason ?? task.stoppedReason ?? "unknown"} (see the migrate log group)`,
    );
  }
  await ecs.send(new StopTaskCommand({ cluster: props.ClusterArn, task: taskArn, reason: "migration timed out" }));
  throw new Error(`migration task ${taskArn} did not finish in time and was stopped`);
}

async function respond(
  event: CloudFormationCustomResourceEvent,
  context: Context,
  status: "SUCCESS" | "FAILED",
  reason: string,
  data: Record<string, string>,
): Promise<void> {
  const body = JSON.stringify({
    Status: status,
    Reason: `${reason} (log stream ${context.logStreamName})`.slice(0, 3000),
    // A stable id: an update never replaces (and so never "deletes") the resource.
    PhysicalResourceId: "PhysicalResourceId" in event ? event.PhysicalResourceId : "cruddur-db-migration",
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  const response = await fetch(event.ResponseURL, {
    method: "PUT",
    body,
    headers: { "content-type": "", "content-length": String(Buffer.byteLength(body)) },
  });
  if (!response.ok) console.error("CloudFormation response failed", response.status, await response.text());
}
