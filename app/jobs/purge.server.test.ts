import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { prisma } from "~/db.server";
import { deleteOldFollowNotifications, FOLLOW_NOTIFICATION_RETENTION_MS, markNotificationsRead, notifyFollowed } from "~/models/notification.server";
import { expiryLagSeconds, purgeExpiredCruds, runPurge, runScheduledPurge } from "~/jobs/purge.server";
import { METRICS_NAMESPACE, PURGE_METRICS } from "~/observability/cloudwatch-contract";
import { emfViolations } from "../../tests/support/emf";
import { createCrud, createUser } from "../../tests/support/factories";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
});
afterEach(() => vi.restoreAllMocks());

/** Runs `fn` and returns the lines it wrote on stdout. */
async function stdoutOf(fn: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    lines.push(...String(chunk).split("\n").filter(Boolean));
    return true;
  });
  try {
    await fn();
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
  }
  return lines;
}

describe("purgeExpiredCruds", () => {
  it("deletes expired cruds and their replies in batches and keeps live ones", async () => {
    const user = await createUser();
    const now = new Date();
    const live = await createCrud(user.id, { expiresAt: new Date(now.getTime() + 1) });
    const expired = [];
    for (let n = 0; n < 7; n++) expired.push(await createCrud(user.id, { expiresAt: new Date(now.getTime() - n * 1000) }));
    await createCrud(user.id, { replyToId: expired[1]!.id, expiresAt: expired[1]!.expiresAt });

    // 7 expired cruds; the reply goes either in a batch or with its parent (ON DELETE CASCADE).
    expect(await purgeExpiredCruds({ now, batchSize: 3 })).toBeGreaterThanOrEqual(7);
    const left = await prisma.crud.findMany({ select: { id: true } });
    expect(left.map((c) => c.id)).toEqual([live.id]);
  });

  it("does nothing while another server holds the purge lock", async () => {
    const user = await createUser();
    await createCrud(user.id, { expiresAt: new Date(Date.now() - 1000) });
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${0x0c7dd0})::text`;
      // A second connection, like a second server, finds the lock taken.
      expect(await purgeExpiredCruds()).toBeNull();
    });
    expect(await purgeExpiredCruds()).toBe(1);
  });
});

describe("follow notifications (no crud) in the purge", () => {
  it("survive the crud purge, go with either user, and once read go after the retention", async () => {
    const [alice, bob, carol, dave] = [await createUser(), await createUser(), await createUser(), await createUser()];
    const now = new Date();
    const old = new Date(now.getTime() - FOLLOW_NOTIFICATION_RETENTION_MS - 1);
    await createCrud(alice.id, { expiresAt: new Date(now.getTime() - 1000) });
    await notifyFollowed({ followerId: bob.id, followeeId: alice.id, now: old }); // old, will be read
    await notifyFollowed({ followerId: carol.id, followeeId: alice.id, now }); // recent, will be read
    await markNotificationsRead(alice.id, now);
    await notifyFollowed({ followerId: dave.id, followeeId: alice.id, now: old }); // old, never read
    await notifyFollowed({ followerId: alice.id, followeeId: dave.id, now });

    expect(await purgeExpiredCruds({ now })).toBe(1);
    expect(await prisma.notification.count()).toBe(4);
    expect(await deleteOldFollowNotifications(now)).toBe(1);
    const left = await prisma.notification.findMany({ where: { recipientId: alice.id }, select: { actorId: true } });
    expect(left.map((n) => n.actorId).sort()).toEqual([carol.id, dave.id].sort());

    await prisma.user.delete({ where: { id: dave.id }, select: { id: true } });
    expect((await prisma.notification.findMany({ select: { actorId: true } })).map((n) => n.actorId)).toEqual([carol.id]);
  });
});

describe("the expiry lag (docs/product.md §2: expired cruds are gone within 5 minutes)", () => {
  const now = new Date("2026-12-02T12:00:00.000Z");
  const at = (ms: number) => new Date(now.getTime() + ms);

  it("is 0 with no expired crud, and 0 for a crud expiring at that very instant (expired, not live)", async () => {
    const user = await createUser();
    await createCrud(user.id, { expiresAt: at(1) });
    expect(await expiryLagSeconds(now)).toBe(0);
    await createCrud(user.id, { expiresAt: now });
    expect(await expiryLagSeconds(now)).toBe(0);
    expect(await purgeExpiredCruds({ now })).toBe(1);
  });

  it("is the age of the oldest expired crud, exact to the millisecond at the 5-minute boundary", async () => {
    const user = await createUser();
    await createCrud(user.id, { expiresAt: at(-1_000) });
    await createCrud(user.id, { expiresAt: at(-300_000) });
    await createCrud(user.id, { expiresAt: at(3_600_000) });
    expect(await expiryLagSeconds(now)).toBe(300); // the alarm's threshold: on it, not past it
    await createCrud(user.id, { expiresAt: at(-300_001) });
    expect(await expiryLagSeconds(now)).toBe(300.001); // past it
    expect(await expiryLagSeconds(at(-300_001))).toBe(0);
  });
});

describe("runPurge: one round, one line that is the JSON log and the EMF metric document", () => {
  const now = new Date("2026-12-02T12:00:00.000Z");

  it("reports cruds and sessions deleted, the duration and the lag at the start of the round", async () => {
    const user = await createUser();
    await createCrud(user.id, { expiresAt: new Date(now.getTime() - 300_000) });
    await createCrud(user.id, { expiresAt: now });
    const live = await createCrud(user.id, { expiresAt: new Date(now.getTime() + 1) });
    await prisma.session.create({ data: { id: "dead-session", userId: user.id, expiresAt: now, lastSeenAt: now }, select: { id: true } });
    await prisma.session.create({
      data: { id: "live-session", userId: user.id, expiresAt: new Date(now.getTime() + 1), lastSeenAt: now },
      select: { id: true },
    });

    let report: Awaited<ReturnType<typeof runPurge>> | undefined;
    const lines = await stdoutOf(async () => (report = await runPurge({ now })));
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(emfViolations(line)).toEqual([]);

    const document = JSON.parse(line);
    expect(document).toMatchObject({ level: "info", msg: "purge", time: now.toISOString() });
    expect(document._aws.Timestamp).toBe(now.getTime());
    expect(document._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: METRICS_NAMESPACE,
        Dimensions: [[]],
        Metrics: Object.values(PURGE_METRICS).map(({ name, unit }) => ({ Name: name, Unit: unit })),
      },
    ]);
    expect(document.CrudsDeleted).toBe(2);
    expect(document.SessionsDeleted).toBe(1);
    expect(document.ExpiryLagSeconds).toBe(300); // measured before the round deleted that crud
    expect(typeof document.PurgeDurationSeconds).toBe("number");
    expect(document.PurgeDurationSeconds).toBeGreaterThanOrEqual(0);
    expect(document).toMatchObject({ rateLimits: 0, followNotifications: 0, reportSnapshots: 0 });
    expect(document.crudsPurgedElsewhere).toBeUndefined();
    expect(report).toMatchObject({ crudsDeleted: 2, sessionsDeleted: 1, expiryLagSeconds: 300, crudsPurgedElsewhere: false });

    expect((await prisma.crud.findMany({ select: { id: true } })).map((c) => c.id)).toEqual([live.id]);
    expect((await prisma.session.findMany({ select: { id: true } })).map((s) => s.id)).toEqual(["live-session"]);
    // The next round finds nothing left behind.
    const next = JSON.parse((await stdoutOf(() => runPurge({ now })))[0]!);
    expect(next).toMatchObject({ CrudsDeleted: 0, SessionsDeleted: 0, ExpiryLagSeconds: 0 });
  });

  it("still reports (0 cruds, the lag it saw) while another server holds the purge lock", async () => {
    const user = await createUser();
    await createCrud(user.id, { expiresAt: new Date(now.getTime() - 90_000) });
    const lines = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${0x0c7dd0})::text`;
      return stdoutOf(() => runPurge({ now }));
    });
    expect(emfViolations(lines[0]!)).toEqual([]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ CrudsDeleted: 0, ExpiryLagSeconds: 90, crudsPurgedElsewhere: true });
  });

  it("a failed round logs the error on stderr and publishes no metrics (the silence alarm's case)", async () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    vi.spyOn(prisma, "$queryRaw").mockRejectedValueOnce(new Error("database unreachable"));
    const lines = await stdoutOf(() => runScheduledPurge());
    expect(lines).toEqual([]);
    expect(String(err.mock.calls[0]![0])).toMatch(/"msg":"purge failed".*database unreachable/);
  });
});
