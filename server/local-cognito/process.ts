// The cognito-local child process: its start, its health check and its output.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HOST } from "./http";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, "g");

/**
 * Turns cognito-local's pino-pretty lines into readable ones. Its "Confirmation Code Delivery" boxes
 * are dropped: the front prints each code from the emulator's data (CODE_DELIVERIES).
 */
function createOutputFilter(log: (line: string) => void) {
  let inBox = false;
  let pending = "";
  const handleLine = (raw: string) => {
    const line = raw.replace(ANSI, "").trimEnd();
    if (!line.trim()) return;
    if (line.includes("╭")) inBox = true; // a boxen box: the code delivery (the only one cognito-local draws)
    if (inBox) {
      if (line.includes("╰")) inBox = false;
      return;
    }
    // Noise: the aws-sdk v2 end-of-support notice, per-request chatter.
    if (/AWS SDK for JavaScript \(v2\)|no longer receive updates|migrate your code|a\.co\/|trace-warnings|^\s*$/.test(line)) return;
    if (/Cognito Local running on/.test(line)) return;
    log(`[cognito] ${line.replace(/^\[\d+\]\s*/, "")}`);
  };
  return (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) handleLine(line);
  };
}

/**
 * Starts cognito-local on `port` with its data in `<cwd>/.cognito/`; its output goes through the
 * filter to `log`, and an unexpected exit is logged.
 */
export function spawnCognitoLocal(cwd: string, port: number, log: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, "node_modules/cognito-local/lib/bin/start.js")], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1", DEBUG: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const filter = createOutputFilter(log);
  child.stdout?.on("data", filter);
  child.stderr?.on("data", filter);
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM" && signal !== "SIGKILL") log(`[cognito] cognito-local stopped (exit ${code ?? signal})`);
  });
  return child;
}

export async function waitForHealth(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited with code ${child.exitCode} before it answered`);
    try {
      const response = await fetch(`http://${HOST}:${port}/health`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`cognito-local did not answer on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
