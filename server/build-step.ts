// One step of the production build (server/build.ts): a child process whose stderr is passed through
// and watched. A Go program (esbuild, here) that crashes prints "fatal error: …" or "panic: …" and a
// goroutine dump on its stderr. When the crashing process is one a step left behind (an esbuild
// service outliving the Node process that started it), the step has already exited 0 and nothing
// else would notice, so the build fails on the text itself (ADR 031).
import { spawn } from "node:child_process";

/** A line that only a Go runtime crash prints: its headline, or a goroutine of its dump. */
export const GO_CRASH = /^(fatal error: |panic: |goroutine \d+ \[)/m;

/**
 * After a step exits, how long a process it left behind may keep the step's stderr open. esbuild's
 * service notices its parent is gone within a second (its ping); one still there after this is a bug.
 */
export const STDERR_GRACE_MS = 30_000;

export class BuildStepError extends Error {}

export interface StepOptions {
  cwd?: string;
  /** Defaults to STDERR_GRACE_MS. */
  graceMs?: number;
  /** Where the step's stderr is passed on to; process.stderr unless a test collects it. */
  stderr?: NodeJS.WritableStream;
}

/**
 * Runs `command args` with stdout inherited and stderr passed through. Resolves when the step has
 * exited 0 and its stderr has closed, which is when every process holding it (the step's children
 * too) is gone; rejects with a BuildStepError on another exit, a signal, or a Go crash on stderr.
 */
export function runStep(name: string, command: string, args: string[], options: StepOptions = {}): Promise<void> {
  const { cwd = process.cwd(), graceMs = STDERR_GRACE_MS, stderr = process.stderr } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ["inherit", "inherit", "pipe"] });
    let pending = ""; // the last, unfinished line of stderr
    let crashed = false;
    let grace: NodeJS.Timeout | undefined;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr.write(chunk);
      const lines = pending + chunk.toString("utf8");
      const end = lines.lastIndexOf("\n") + 1;
      if (GO_CRASH.test(lines.slice(0, end))) crashed = true;
      pending = lines.slice(end);
    });
    child.on("error", (error) => reject(new BuildStepError(`${name}: could not start ${command}: ${error.message}`)));
    child.on("exit", () => {
      grace = setTimeout(() => {
        child.stderr.destroy();
        reject(new BuildStepError(`${name}: a process it started still holds its stderr ${graceMs / 1000} s after it exited`));
      }, graceMs);
    });
    // "close" waits for stderr to close, so a crash printed after the step itself exited is seen too.
    child.on("close", (code, signal) => {
      clearTimeout(grace);
      if (GO_CRASH.test(pending)) crashed = true;
      if (crashed) reject(new BuildStepError(`${name}: a Go runtime crash on stderr (above), exit code ${code ?? signal}`));
      else if (code !== 0) reject(new BuildStepError(`${name}: ${signal ? `killed by ${signal}` : `exit code ${code}`}`));
      else resolve();
    });
  });
}
