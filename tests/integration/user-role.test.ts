// `npm run user:role` as it runs in the image: the bundled build/user-role.js with plain node (needs `npm run build`).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { root } from "../support/production-app-suite";
import { createUser } from "../support/factories";

const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)("node", [path.join(root, "build/user-role.js"), ...args], { env: { ...process.env } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
};

describe("user:role", () => {
  it("grants and revokes the moderator role, with clear output and exit codes", async () => {
    const user = await createUser({ handle: "role_target" });
    const role = async () => (await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { role: true } })).role;
    expect(await run("@Role_Target", "moderator")).toEqual({ code: 0, out: "@role_target is now a moderator (was a user).\n" });
    expect(await role()).toBe("moderator");
    expect(await run("@role_target", "moderator")).toEqual({ code: 0, out: "@role_target already was a moderator.\n" });
    expect(await run("@role_target", "user")).toEqual({ code: 0, out: "@role_target is now a user (was a moderator).\n" });
    expect(await role()).toBe("user");
    expect(await run("@nobody_here", "moderator")).toEqual({ code: 1, out: "There is no user @nobody_here; nothing changed.\n" });
    expect((await run("@role_target", "admin")).code).toBe(2);
    expect((await run()).code).toBe(2);
    expect(await role()).toBe("user");
  });
});
