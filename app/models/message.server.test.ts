import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { findRecipient, getMessages, listConversations, markConversationRead, MESSAGES_PAGE_SIZE, sendMessage } from "~/models/message.server";
import { MESSAGE_MAX, MessageSchema } from "~/domain/message-validation";
import { createUser } from "../../tests/support/factories";
import { countQueries } from "~/observability/request-context.server";
import { countUnreadConversations } from "../../tests/support/unread";

const t0 = new Date("2026-11-25T12:00:00.000Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1_000);

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds, conversations, messages CASCADE`;
});

async function send(from: { id: string }, to: { id: string }, body: string, seconds: number) {
  return sendMessage({ senderId: from.id, recipientId: to.id, body, now: at(seconds) });
}

describe("privacy of conversations (three users)", () => {
  it("never returns a conversation's messages to anyone but its two participants", async () => {
    const [ana, ben, cat] = [await createUser({ handle: "ana" }), await createUser({ handle: "ben" }), await createUser({ handle: "cat" })];
    await send(ana, ben, "secret from ana", 1);
    await send(ben, ana, "secret from ben", 2);

    // Both participants see both messages, oldest first, whichever way round they ask.
    const forAna = await getMessages({ viewerId: ana.id, otherId: ben.id });
    expect(forAna.messages.map((m) => [m.body, m.fromViewer])).toEqual([
      ["secret from ana", true],
      ["secret from ben", false],
    ]);
    const forBen = await getMessages({ viewerId: ben.id, otherId: ana.id });
    expect(forBen.messages.map((m) => [m.body, m.fromViewer])).toEqual([
      ["secret from ana", false],
      ["secret from ben", true],
    ]);

    // The third user, whichever participant they address, only ever reaches their own (empty) conversation.
    expect((await getMessages({ viewerId: cat.id, otherId: ana.id })).messages).toEqual([]);
    expect((await getMessages({ viewerId: cat.id, otherId: ben.id })).messages).toEqual([]);
    expect((await listConversations({ viewerId: cat.id })).items).toEqual([]);
    expect(await countUnreadConversations(cat.id)).toBe(0);

    // …and when cat writes to ana, that is a separate conversation that ben cannot see.
    await send(cat, ana, "hello ana, cat here", 3);
    expect((await getMessages({ viewerId: cat.id, otherId: ana.id })).messages.map((m) => m.body)).toEqual(["hello ana, cat here"]);
    expect((await listConversations({ viewerId: ben.id })).items.map((c) => c.handle)).toEqual(["ana"]);
    expect((await listConversations({ viewerId: ana.id })).items.map((c) => c.handle)).toEqual(["cat", "ben"]);
    const allBodiesForBen = (await getMessages({ viewerId: ben.id, otherId: ana.id })).messages.map((m) => m.body);
    expect(allBodiesForBen).not.toContain("hello ana, cat here");

    // Marking read as the third user touches nothing of ana and ben's conversation.
    await markConversationRead({ viewerId: cat.id, otherId: ben.id, now: at(10) });
    const row = await prisma.conversation.findFirstOrThrow({
      where: {
        OR: [
          { userAId: ana.id, userBId: ben.id },
          { userAId: ben.id, userBId: ana.id },
        ],
      },
    });
    expect([row.userAReadAt, row.userBReadAt].filter(Boolean)).toHaveLength(2);
    expect([row.userAReadAt?.getTime(), row.userBReadAt?.getTime()].sort()).toEqual([at(1).getTime(), at(2).getTime()].sort());
  });

  it("keeps one conversation row per pair, whoever writes first", async () => {
    const [ana, ben] = [await createUser(), await createUser()];
    await send(ben, ana, "one", 1);
    await send(ana, ben, "two", 2);
    expect(await prisma.conversation.count()).toBe(1);
  });
});

describe("recipients", () => {
  it("refuses an unknown handle and yourself, and finds others ignoring case", async () => {
    const ana = await createUser({ handle: "ana_x" });
    const ben = await createUser({ handle: "ben_x", displayName: "Ben" });
    expect(await findRecipient(ana.id, "nobody_here")).toEqual({ ok: false, reason: "unknown" });
    expect(await findRecipient(ana.id, "ana_x")).toEqual({ ok: false, reason: "self" });
    expect(await findRecipient(ana.id, "BEN_X")).toEqual({ ok: true, user: { id: ben.id, handle: "ben_x", displayName: "Ben", avatar: null }, blocked: false });
    await expect(sendMessage({ senderId: ana.id, recipientId: ana.id, body: "me", now: t0 })).rejects.toThrow(/yourself/);
  });
});

describe("the message form's rules (MessageSchema, shared with the form)", () => {
  it("accepts 1 to 1024 characters, counted as characters, and rejects the rest clearly", () => {
    expect(MessageSchema.safeParse({ message: "x".repeat(MESSAGE_MAX) }).success).toBe(true);
    expect(MessageSchema.safeParse({ message: "😀".repeat(MESSAGE_MAX) }).success).toBe(true);
    const long = MessageSchema.safeParse({ message: "x".repeat(MESSAGE_MAX + 1) });
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.message).toBe("Use at most 1024 characters");
    expect(MessageSchema.safeParse({ message: "   " }).error?.issues[0]?.message).toBe("Write a message");
    expect(MessageSchema.safeParse({}).error?.issues[0]?.message).toBe("Write a message");
    expect(MessageSchema.parse({ message: " a\0b " })).toEqual({ message: "ab" });
  });

  it("is backed by the database: 1024 characters are stored, 1025 never", async () => {
    const [ana, ben] = [await createUser(), await createUser()];
    await send(ana, ben, "😀".repeat(MESSAGE_MAX), 1);
    await expect(send(ana, ben, "x".repeat(MESSAGE_MAX + 1), 2)).rejects.toThrow();
    expect((await getMessages({ viewerId: ben.id, otherId: ana.id })).messages).toHaveLength(1);
  });
});

describe("unread conversations", () => {
  it("counts conversations with a message from the other person after the viewer last opened them", async () => {
    const [ana, ben, cat] = [await createUser(), await createUser(), await createUser()];
    expect(await countUnreadConversations(ana.id)).toBe(0);

    await send(ben, ana, "hi ana", 1);
    await send(cat, ana, "hey ana", 2);
    expect(await countUnreadConversations(ana.id)).toBe(2);
    // Your own messages never make a conversation unread for you.
    expect(await countUnreadConversations(ben.id)).toBe(0);
    expect((await listConversations({ viewerId: ana.id })).items.map((c) => [c.handle, c.unread])).toEqual([
      [cat.handle, true],
      [ben.handle, true],
    ]);

    // Opening one marks it read, for ana only, and says it was unread (the nav badge uses that).
    expect(await markConversationRead({ viewerId: ana.id, otherId: ben.id, now: at(5) })).toBe(true);
    expect(await countUnreadConversations(ana.id)).toBe(1);
    expect((await listConversations({ viewerId: ana.id })).items.map((c) => [c.handle, c.unread])).toEqual([
      [cat.handle, true],
      [ben.handle, false],
    ]);

    // Replying marks it read too (she is looking at it); the other side then has it unread.
    await send(ana, cat, "hey cat", 6);
    expect(await countUnreadConversations(ana.id)).toBe(0);
    expect(await countUnreadConversations(cat.id)).toBe(1);

    // A new message after the read time makes it unread again.
    await send(ben, ana, "are you there?", 7);
    expect(await countUnreadConversations(ana.id)).toBe(1);

    // Opening with an older clock never moves the read time backwards.
    expect(await markConversationRead({ viewerId: ana.id, otherId: ben.id, now: at(8) })).toBe(true);
    expect(await markConversationRead({ viewerId: ana.id, otherId: ben.id, now: at(0) })).toBe(false);
    expect(await countUnreadConversations(ana.id)).toBe(0);
    // Opening a conversation with nothing new, or one that does not exist yet, reads nothing.
    expect(await markConversationRead({ viewerId: ana.id, otherId: cat.id, now: at(9) })).toBe(false);
    expect(await markConversationRead({ viewerId: ana.id, otherId: (await createUser()).id, now: at(9) })).toBe(false);
  });
});

describe("the conversation list", () => {
  it("orders by last message, newest first, with the last message and who sent it", async () => {
    const [ana, ben, cat, dan] = [await createUser(), await createUser(), await createUser(), await createUser()];
    await send(ana, ben, "to ben", 1);
    await send(ana, cat, "to cat", 2);
    await send(dan, ana, "from dan", 3);
    await send(ben, ana, "ben replies", 4);
    const { items, next } = await listConversations({ viewerId: ana.id });
    expect(next).toBeUndefined();
    expect(items.map((c) => [c.handle, c.lastMessage, c.lastFromViewer])).toEqual([
      [ben.handle, "ben replies", false],
      [dan.handle, "from dan", false],
      [cat.handle, "to cat", true],
    ]);
    expect(items[0]?.lastMessageAt).toEqual(at(4));
    expect(items[0]?.displayName).toBe(`User ${ben.handle}`);
  });

  it("is one query whatever the number of conversations, and pages by cursor", async () => {
    const ana = await createUser();
    for (let n = 0; n < 35; n++) await send(await createUser(), ana, `message ${n}`, n);
    const { result: first, queries } = await countQueries(() => listConversations({ viewerId: ana.id }));
    expect(queries).toBe(1);
    expect(first.items).toHaveLength(30);
    expect(first.items[0]?.lastMessage).toBe("message 34");
    const second = await listConversations({ viewerId: ana.id, cursor: first.next });
    expect(second.items.map((c) => c.lastMessage)).toEqual(["message 4", "message 3", "message 2", "message 1", "message 0"]);
    expect(second.next).toBeUndefined();
  });
});

describe("a conversation's messages", () => {
  it("shows the latest page oldest first, and earlier pages through a cursor", async () => {
    const [ana, ben] = [await createUser(), await createUser()];
    const total = MESSAGES_PAGE_SIZE + 5;
    for (let n = 0; n < total; n++) await send(n % 2 ? ana : ben, n % 2 ? ben : ana, `m${n}`, n);
    const latest = await getMessages({ viewerId: ana.id, otherId: ben.id });
    expect(latest.messages).toHaveLength(MESSAGES_PAGE_SIZE);
    expect(latest.messages[0]?.body).toBe("m5");
    expect(latest.messages.at(-1)?.body).toBe(`m${total - 1}`);
    const earlier = await getMessages({ viewerId: ana.id, otherId: ben.id, before: latest.earlier });
    expect(earlier.messages.map((m) => m.body)).toEqual(["m0", "m1", "m2", "m3", "m4"]);
    expect(earlier.earlier).toBeUndefined();
  });

  it("refuses a timeline cursor with a composite key as a bad link (400), not a server error", async () => {
    const [ana, ben] = [await createUser(), await createUser()];
    const key = `${ana.id}.${ben.id}`;
    const error: unknown = await getMessages({ viewerId: ana.id, otherId: ben.id, before: { at: t0, key } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Response);
    expect((error as Response).status).toBe(400);
  });
});
