import { beforeEach, describe, expect, it } from "vitest";
import { prisma, queryRows } from "~/db.server";
import { getExportAccount, type ExportAccount } from "~/models/account-export.server";
import { follow } from "~/models/follow.server";
import { addInteraction } from "~/models/interactions.server";
import { sendMessage } from "~/models/message.server";
import { createReply } from "~/models/posting.server";
import { block, mute } from "~/models/safety.server";
import { accountExportStream, EXPORT_FORMAT, EXPORT_VERSION } from "~/routes-support/account-export.server";
import { createCrud, createUser } from "../../tests/support/factories";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
});

const HOUR = 3_600_000;

async function readAll(stream: ReadableStream<Uint8Array>) {
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(decoder.decode(next.value, { stream: true }));
  const text = chunks.join("");
  return { text, chunks, json: JSON.parse(text) as Record<string, unknown> & { [section: string]: unknown } };
}

async function account(userId: string): Promise<ExportAccount> {
  return (await getExportAccount(userId))!;
}

describe("the data export", () => {
  it("holds the account's own data as it is now, and nothing private of anyone else", async () => {
    const ana = await createUser({ handle: "ana", displayName: "Ana", bio: "hello" });
    const bob = await createUser({ handle: "bob", displayName: "Bob" });
    const carol = await createUser({ handle: "carol", displayName: "Carol" });
    const blocker = await createUser({ handle: "blocks_ana" });
    const muter = await createUser({ handle: "mutes_ana" });
    const dave = await createUser({ handle: "dave", displayName: "Dave" });
    const now = new Date();
    const old = new Date(now.getTime() - HOUR);

    const anasCrud = await createCrud(ana.id, { message: "ana's live crud", createdAt: old });
    await createCrud(ana.id, { message: "ana's expired crud", expiresAt: now });
    const bobsCrud = await createCrud(bob.id, { message: "bob's crud" });
    const reply = await createReply({ userId: ana.id, parentId: bobsCrud.id, message: "ana replies", now });
    const blockersCrud = await createCrud(blocker.id, { message: "the blocker's crud" });
    const expiredOfBob = await createCrud(bob.id, { message: "bob's expired", expiresAt: new Date(now.getTime() - 1) });
    await addInteraction("like", { userId: ana.id, crudId: bobsCrud.id });
    await addInteraction("repost", { userId: ana.id, crudId: bobsCrud.id });
    // Liked before they blocked ana: a crud she can no longer see anywhere, so not here either.
    await addInteraction("like", { userId: ana.id, crudId: blockersCrud.id });
    await prisma.like.create({ data: { userId: ana.id, crudId: expiredOfBob.id } });
    await addInteraction("like", { userId: bob.id, crudId: anasCrud.id });
    await follow({ followerId: ana.id, handle: "bob" });
    await follow({ followerId: carol.id, handle: "ana" });
    await follow({ followerId: dave.id, handle: "ana" });
    await block({ blockerId: ana.id, handle: "carol" });
    await mute({ muterId: ana.id, handle: "bob" });
    await block({ blockerId: blocker.id, handle: "ana" });
    await mute({ muterId: muter.id, handle: "ana" });
    await sendMessage({ senderId: ana.id, recipientId: bob.id, body: "hi bob", now: old });
    await sendMessage({ senderId: bob.id, recipientId: ana.id, body: "hi ana", now });
    await sendMessage({ senderId: bob.id, recipientId: carol.id, body: "bob to carol, private", now });

    const { json, text } = await readAll(accountExportStream(await account(ana.id), { now }));
    expect(json).toMatchObject({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString(), complete: true });
    expect(json.account).toEqual({
      id: ana.id,
      handle: "ana",
      displayName: "Ana",
      bio: "hello",
      email: "ana@example.com",
      role: "user",
      createdAt: expect.any(String),
    });
    expect((json.cruds as { message: string }[]).map((crud) => crud.message)).toEqual(["ana replies", "ana's live crud"]);
    expect(json.cruds).toContainEqual(expect.objectContaining({ id: reply!, replyToId: bobsCrud.id }));
    expect(json.cruds).toContainEqual(expect.objectContaining({ id: anasCrud.id, replyToId: null, likesCount: 1, repliesCount: 0 }));
    expect(json.reposts).toEqual([{ crudId: bobsCrud.id, author: "bob", createdAt: expect.any(String) }]);
    expect(json.likes).toEqual([{ crudId: bobsCrud.id, author: "bob", createdAt: expect.any(String) }]);
    expect(json.following).toEqual([{ handle: "bob", displayName: "Bob", since: expect.any(String) }]);
    // Carol followed ana, then ana blocked her: the block ended the follow.
    expect(json.followers).toEqual([{ handle: "dave", displayName: "Dave", since: expect.any(String) }]);
    expect(json.blocks).toEqual([{ handle: "carol", displayName: "Carol", since: expect.any(String) }]);
    expect(json.mutes).toEqual([{ handle: "bob", displayName: "Bob", since: expect.any(String) }]);
    expect(json.conversations).toEqual([
      {
        with: { handle: "bob", displayName: "Bob" },
        startedAt: old.toISOString(),
        messages: [
          { id: expect.any(String), from: "ana", body: "hi bob", sentAt: old.toISOString() },
          { id: expect.any(String), from: "bob", body: "hi ana", sentAt: now.toISOString() },
        ],
      },
    ]);
    // Never: who blocks or mutes ana, other people's conversations, expired cruds.
    for (const secret of ["blocks_ana", "mutes_ana", "bob to carol", "expired", "the blocker's crud"]) expect(text).not.toContain(secret);
  });

  it("pages through many rows, ties in time included, without skipping or repeating one", async () => {
    const ana = await createUser({ handle: "ana" });
    const bob = await createUser({ handle: "bob" });
    const sameTime = new Date();
    // 1,234 cruds, most sharing one created_at (the keyset's tie-break is the id).
    await prisma.crud.createMany({
      data: Array.from({ length: 1_234 }, (_, n) => ({
        userId: ana.id,
        message: `crud ${n}`,
        createdAt: n % 10 === 0 ? new Date(sameTime.getTime() - n) : sameTime,
        expiresAt: new Date(sameTime.getTime() + HOUR),
      })),
    });
    const [conversation] = await queryRows<{ id: string }>`
      INSERT INTO conversations (user_a_id, user_b_id) VALUES (${ana.id < bob.id ? ana.id : bob.id}::uuid, ${ana.id < bob.id ? bob.id : ana.id}::uuid) RETURNING id`;
    await prisma.message.createMany({
      data: Array.from({ length: 1_001 }, (_, n) => ({
        conversationId: conversation!.id,
        senderId: n % 2 ? ana.id : bob.id,
        body: `m${n}`,
        createdAt: sameTime,
      })),
    });
    const { json, chunks, text } = await readAll(accountExportStream(await account(ana.id), { pageSize: 100 }));
    const cruds = json.cruds as { message: string }[];
    expect(cruds).toHaveLength(1_234);
    expect(new Set(cruds.map((crud) => crud.message)).size).toBe(1_234);
    const messages = (json.conversations as { messages: { body: string }[] }[])[0]!.messages;
    expect(messages).toHaveLength(1_001);
    expect(new Set(messages.map((message) => message.body)).size).toBe(1_001);
    // A chunk per page (13 of cruds, 11 of messages) and per section boundary: never one big string.
    expect(chunks.length).toBeGreaterThan(24);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(text.length / 10);
  });

  it("reads each page only when the one before has been taken (nothing is loaded ahead)", async () => {
    const ana = await createUser({ handle: "ana" });
    const bob = await createUser({ handle: "bob" });
    await createCrud(ana.id, { message: "first" });
    const reader = accountExportStream(await account(ana.id)).getReader();
    const decoder = new TextDecoder();
    let seen = "";
    while (!seen.includes('"reposts"')) seen += decoder.decode((await reader.read()).value);
    // The follows have not been read yet: one made now is in the file.
    await follow({ followerId: ana.id, handle: "bob" });
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      seen += decoder.decode(next.value);
    }
    expect((JSON.parse(seen) as { following: { handle: string }[] }).following.map((f) => f.handle)).toEqual([bob.handle]);
  });

  it("waits for the connection to drain before reading on (a slow client holds back the reads)", async () => {
    const ana = await createUser({ handle: "ana" });
    let open!: () => void;
    let gate = new Promise<void>((resolve) => (open = resolve));
    let waits = 0;
    const reader = accountExportStream(await account(ana.id), {
      drained: () => {
        waits++;
        return gate;
      },
    }).getReader();
    let settled = false;
    const first = reader.read().then((result) => ((settled = true), result));
    // Let everything that could run run (no timer: a few turns of the event loop).
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(waits).toBe(1);
    expect(settled).toBe(false);
    open();
    expect((await first).done).toBe(false);
    gate = Promise.resolve();
    while (!(await reader.read()).done);
    expect(waits).toBeGreaterThan(10);
  });

  it("stops reading when the client goes away", async () => {
    const ana = await createUser({ handle: "ana" });
    await createCrud(ana.id, { message: "first" });
    const abort = new AbortController();
    const reader = accountExportStream(await account(ana.id), { signal: abort.signal }).getReader();
    expect((await reader.read()).done).toBe(false);
    abort.abort();
    expect((await reader.read()).done).toBe(true);
  });
});
