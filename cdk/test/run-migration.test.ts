// The migration custom resource's handlers (lambda/run-migration.ts) against a scripted ECS client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DescribeTasksCommand, RunTaskCommand, StopTaskCommand, type ECSClient } from "@aws-sdk/client-ecs";
import { PHYSICAL_RESOURCE_ID, TIMEOUT_ENV, type MigrationProps } from "../lambda/migration-contract.ts";
import { migrationHandlers, type IsCompleteRequest, type OnEventRequest } from "../lambda/run-migration.ts";

const props: MigrationProps = {
  ClusterArn: "arn:cluster",
  TaskDefinitionArn: "arn:task-definition/migrate:3",
  ContainerName: "migrate",
  Subnets: ["subnet-a", "subnet-b"],
  SecurityGroups: ["sg-app"],
};
const TASK = "arn:task/cluster/abc";

/** An ECS client that answers each command with the next scripted reply and records what it was sent. */
function fakeEcs(replies: Array<(command: unknown) => unknown>) {
  const sent: unknown[] = [];
  const client = {
    send: async (command: unknown) => {
      sent.push(command);
      const reply = replies.shift();
      assert.ok(reply, `unexpected ECS call: ${(command as object).constructor.name}`);
      return reply(command);
    },
  } as unknown as Pick<ECSClient, "send">;
  return { client, sent };
}

const stopped = (exitCode: number | undefined, reason?: string) => () => ({
  tasks: [{ lastStatus: "STOPPED", stoppedReason: "Essential container in task exited", containers: [{ name: "migrate", exitCode, reason }] }],
});
const running = () => ({ tasks: [{ lastStatus: "RUNNING", containers: [{ name: "migrate" }] }] });

function started(now: number): IsCompleteRequest {
  return { RequestType: "Create", ResourceProperties: props, PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { TaskArn: TASK }, Deadline: now + 60_000 };
}

test.beforeEach(() => {
  process.env[TIMEOUT_ENV] = "840";
});

test("onEvent Create/Update: runs the task once in the private subnets, returns the stable id, the task and a deadline", async () => {
  for (const RequestType of ["Create", "Update"] as const) {
    const { client, sent } = fakeEcs([() => ({ tasks: [{ taskArn: TASK }], failures: [] })]);
    const event: OnEventRequest = { RequestType, ResourceProperties: props, ...(RequestType === "Update" ? { PhysicalResourceId: PHYSICAL_RESOURCE_ID } : {}) };
    const response = await migrationHandlers(client, () => 1_000).onEvent(event);
    assert.deepEqual(response, { PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { TaskArn: TASK }, Deadline: 1_000 + 840_000 });
    assert.equal(sent.length, 1);
    const run = sent[0] as RunTaskCommand;
    assert.ok(run instanceof RunTaskCommand);
    assert.equal(run.input.taskDefinition, props.TaskDefinitionArn);
    assert.equal(run.input.cluster, props.ClusterArn);
    assert.equal(run.input.count, 1);
    assert.deepEqual(run.input.networkConfiguration?.awsvpcConfiguration, {
      subnets: props.Subnets,
      securityGroups: props.SecurityGroups,
      assignPublicIp: "DISABLED",
    });
  }
});

test("onEvent: a task that cannot be started fails the deploy", async () => {
  const { client } = fakeEcs([() => ({ tasks: [], failures: [{ reason: "RESOURCE:ENI" }] })]);
  await assert.rejects(migrationHandlers(client).onEvent({ RequestType: "Create", ResourceProperties: props }), /RunTask failed: .*RESOURCE:ENI/);
});

test("Delete: no task, nothing to wait for, same physical id", async () => {
  const { client, sent } = fakeEcs([]);
  const handlers = migrationHandlers(client);
  const event: OnEventRequest = { RequestType: "Delete", PhysicalResourceId: PHYSICAL_RESOURCE_ID, ResourceProperties: props };
  assert.deepEqual(await handlers.onEvent(event), { PhysicalResourceId: PHYSICAL_RESOURCE_ID });
  assert.deepEqual(await handlers.isComplete({ ...event, PhysicalResourceId: PHYSICAL_RESOURCE_ID }), { IsComplete: true });
  assert.equal(sent.length, 0);
});

test("isComplete: not complete while the task runs, complete when the migrate container exited 0", async () => {
  const { client, sent } = fakeEcs([running, stopped(0)]);
  const handlers = migrationHandlers(client, () => 0);
  assert.deepEqual(await handlers.isComplete(started(0)), { IsComplete: false });
  assert.deepEqual(await handlers.isComplete(started(0)), { IsComplete: true });
  const describe = sent[0] as DescribeTasksCommand;
  assert.ok(describe instanceof DescribeTasksCommand);
  assert.deepEqual(describe.input, { cluster: props.ClusterArn, tasks: [TASK] });
});

test("isComplete: a failed migration throws (the framework reports FAILED and the deploy rolls back)", async () => {
  const { client } = fakeEcs([stopped(1)]);
  await assert.rejects(migrationHandlers(client, () => 0).isComplete(started(0)), /stopped: exitCode=1 .*migrate log group/);
  const { client: noExit } = fakeEcs([stopped(undefined, "CannotPullContainerError")]);
  await assert.rejects(migrationHandlers(noExit, () => 0).isComplete(started(0)), /exitCode=none reason=CannotPullContainerError/);
});

test("isComplete: past the deadline the task is stopped and the deploy fails", async () => {
  const { client, sent } = fakeEcs([running, () => ({})]);
  await assert.rejects(migrationHandlers(client, () => 60_001).isComplete(started(0)), /did not finish in time and was stopped/);
  const stop = sent[1] as StopTaskCommand;
  assert.ok(stop instanceof StopTaskCommand);
  assert.deepEqual(stop.input, { cluster: props.ClusterArn, task: TASK, reason: "migration timed out" });
});
