import { prisma } from "~/db.server";

const TIMEOUT_MS = 2_000;

/** For the ALB target group and the container HEALTHCHECK: 200 when the database answers, else 503. */
export async function loader() {
  try {
    await Promise.race([prisma.$queryRaw`SELECT 1`, new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), TIMEOUT_MS).unref())]);
    return Response.json({ success: true }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ success: false }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
