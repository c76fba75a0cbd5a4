// The build's step runner (server/build-step.ts, ADR 031): a step fails on a Go runtime crash printed
// on its stderr, also one printed by a process it left behind after it exited 0, which is how
// `remix build` used to print esbuild's "all goroutines are asleep" and still pass (ADR 031).
import path from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BuildStepError, GO_CRASH, runStep } from "./build-step";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Runs a step and collects what it printed on stderr. */
async function step(args: string[], graceMs?: number): Promise<{ error: unknown; stderr: string }> {
  const stderr = new PassThrough();
  let text = "";
  stderr.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  const error = await runStep("test step", process.execPath, args, { cwd: root, graceMs, stderr }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return { error, stderr: text };
}

/**
 * What `remix build` did: an esbuild context (the project's esbuild) left undisposed, the event loop
 * busy for longer than the service's one-second ping, then `process.exit(0)`. The service is left
 * with a context that keeps it alive and a ping nobody will answer: Go reports a deadlock and dies,
 * after its parent has exited 0.
 */
const esbuildThenExit = (dispose: boolean) => [
  "-e",
  `require("esbuild").context({ stdin: { contents: "" }, write: false }).then(async (context) => {
    if (${dispose}) await context.dispose();
    const until = Date.now() + 1500;
    while (Date.now() < until);
    process.exit(0);
  });`,
];

describe("runStep", () => {
  it("passes a step that exits 0, its stderr passed through", async () => {
    const { error, stderr } = await step(["-e", `console.error("a warning, not a crash: fatal error: in the middle of a line")`]);
    expect(error).toBeUndefined();
    expect(stderr).toContain("a warning, not a crash");
  });

  it("fails a step that exits non-zero", async () => {
    const { error } = await step(["-e", "process.exit(3)"]);
    expect(error).toBeInstanceOf(BuildStepError);
    expect((error as Error).message).toBe("test step: exit code 3");
  });

  it("fails a step that exits 0 after a process it started crashed with esbuild's deadlock", async () => {
    const { error, stderr } = await step(esbuildThenExit(false));
    expect(stderr).toContain("fatal error: all goroutines are asleep - deadlock!");
    expect(stderr).toMatch(/^goroutine 1 \[/m);
    expect(error).toBeInstanceOf(BuildStepError);
    expect((error as Error).message).toBe("test step: a Go runtime crash on stderr (above), exit code 0");
  });

  it("passes the same step once the context is disposed (the fix in patches/@remix-run+dev)", async () => {
    const { error, stderr } = await step(esbuildThenExit(true));
    expect(stderr).toBe("");
    expect(error).toBeUndefined();
  });

  it("fails a step whose leftover process keeps stderr open past the grace period", async () => {
    const leaveASleeper = `require("node:child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 5000)"], { stdio: "inherit", detached: true }).unref()`;
    const { error } = await step(["-e", leaveASleeper], 300);
    expect(error).toBeInstanceOf(BuildStepError);
    expect((error as Error).message).toBe("test step: a process it started still holds its stderr 0.3 s after it exited");
  });

  it("knows a Go crash by its headline or a goroutine of its dump, at the start of a line", () => {
    expect(GO_CRASH.test("fatal error: all goroutines are asleep - deadlock!")).toBe(true);
    expect(GO_CRASH.test("panic: runtime error: index out of range [3] with length 3")).toBe(true);
    expect(GO_CRASH.test("warning\ngoroutine 18 [chan receive]:")).toBe(true);
    expect(GO_CRASH.test("3 goroutines [idle]")).toBe(false);
    expect(GO_CRASH.test("error: fatal error: in the middle")).toBe(false);
  });
});
