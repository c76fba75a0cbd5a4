// `npm run db:seed`: the original app's cast and ~30 live cruds with varied lifetimes, plus expired
// cruds that must never appear. Idempotent: fixed ids, upserts, and createMany with skipDuplicates.
import { prisma } from "~/db.server";
import { extractHashtags } from "~/domain/crud-text";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const USERS = [
  { handle: "andrewbrown", displayName: "Andrew Brown", email: "andrew@exampro.co", bio: "Cloud is fun! Founder of ExamPro." },
  { handle: "bayko", displayName: "Andrew Bayko", email: "bayko@exampro.co", bio: "Co-founder of ExamPro." },
  { handle: "londo", displayName: "Londo Mollari", email: "lmollari@centari.com", bio: "Ambassador of the Centauri Republic." },
  { handle: "worf", displayName: "Worf", email: "worf@enterprise.example", bio: "Son of Mogh." },
  { handle: "garek", displayName: "Elim Garek", email: "garek@ds9.example", bio: "Just a simple tailor." },
  { handle: "darshandev", displayName: "Darshan Dev", email: "ddev@example.com", bio: "" },
];

const MESSAGES = [
  "Cloud is fun!",
  "I am out of prune juice",
  "My dear doctor, I am just simple tailor",
  "This was imported as seed data!",
  "Shipping Cruddur on Fargate today. #aws #ecs",
  "Every crud here expires. Say what you mean, then let it go.",
  "Who else is doing the #bootcamp this week?",
  "Remember: the ALB health check is your friend. #aws",
  "Honeycomb traces make debugging feel like cheating. #observability",
  "Cognito sign-up works without JavaScript now. Old-school forms for the win.",
  "Today is a good day to deploy.",
  "Postgres indexes: the cheapest performance win there is. #postgres",
  "The Centauri Republic sends its regards.",
  "I once saw a crud that lasted thirty days. Legends say it is still there.",
  "Coffee, then CloudFormation. Never the other way around.",
  "Rollbar caught an error before our users did. #observability",
  "Three columns on desktop, one on a phone. As it should be.",
  "Trying out the one-hour crud. Blink and you miss it.",
  "Writing docs is writing code for humans. #bootcamp",
  "X-Ray shows the whole request path, from ALB to Postgres. #aws",
  "A short crud for a short day.",
  "Garek, your suits are impeccable as always.",
  "Honour demands that I crud with a 30 day lifetime.",
  "Dark theme or nothing.",
  "The purge runs every minute. Expired means gone.",
  "Fargate spot is tempting for dev environments. #aws",
  "My tailoring shop is open for business, for a limited time only.",
  "Started a thread about @andrewbrown's bootcamp. #bootcamp",
  "Keyset pagination beats OFFSET every day. #postgres",
  "Good night, Cruddur.",
];

/** Lifetimes in hours, cycled over the live cruds so the countdowns vary. */
const LIFETIMES = [30 * 24, 7 * 24, 3 * 24, 24, 12, 3, 1.5, 7 * 24 - 1, 20 * 24, 2 * 24];

const seedUuid = (kind: number, n: number) => `00000000-0000-4000-8${kind.toString(16).padStart(3, "0")}-${n.toString(16).padStart(12, "0")}`;

export async function seed(now = new Date()) {
  const users: { id: string }[] = [];
  for (const [index, user] of USERS.entries()) {
    users.push(
      await prisma.user.upsert({
        where: { handle: user.handle },
        update: {},
        create: { ...user, id: seedUuid(1, index + 1), cognitoUserId: `MOCK-${user.handle}` },
        select: { id: true },
      }),
    );
  }
  const author = (n: number) => users[n % users.length]!.id;

  const live = MESSAGES.map((message, n) => {
    // Spread creation over the last ~20 hours, newest first, and keep every crud alive for a while.
    const createdAt = new Date(now.getTime() - (n * 40 + 3) * 60_000);
    const lifetime = LIFETIMES[n % LIFETIMES.length]! * HOUR;
    const expiresAt = new Date(Math.max(createdAt.getTime() + lifetime, now.getTime() + HOUR));
    return { id: seedUuid(2, n + 1), userId: author(n), message, createdAt, expiresAt };
  });
  const expired = [
    "This crud expired an hour ago and must never be seen.",
    "Expired yesterday. Gone for good.",
    "EXPIRED: if you can read this, the live filter is broken.",
  ].map((message, n) => ({
    id: seedUuid(3, n + 1),
    userId: author(n + 1),
    message,
    createdAt: new Date(now.getTime() - (n + 1) * DAY - 5 * 60_000),
    expiresAt: new Date(now.getTime() - (n + 1) * HOUR),
  }));
  await prisma.crud.createMany({ data: [...live, ...expired], skipDuplicates: true });
  // Hashtags stored as posting stores them, so the seed's #aws and #postgres can be searched and trend.
  await prisma.crudTag.createMany({
    data: [...live, ...expired].flatMap((crud) => extractHashtags(crud.message).map((tag) => ({ crudId: crud.id, tag, createdAt: crud.createdAt }))),
    skipDuplicates: true,
  });

  // A few replies: they expire with their parent and never appear in the home timeline.
  const first = live[0]!;
  await prisma.crud.createMany({
    data: [
      {
        id: seedUuid(4, 1),
        userId: users[3]!.id,
        replyToId: first.id,
        message: "This post has no honor!",
        createdAt: new Date(first.createdAt.getTime() + 60_000),
        expiresAt: first.expiresAt,
      },
      {
        id: seedUuid(4, 2),
        userId: users[4]!.id,
        replyToId: first.id,
        message: "Fun is a matter of perspective.",
        createdAt: new Date(first.createdAt.getTime() + 120_000),
        expiresAt: first.expiresAt,
      },
    ],
    skipDuplicates: true,
  });
  await prisma.$executeRaw`
    UPDATE cruds c SET replies_count = (SELECT count(*) FROM cruds r WHERE r.reply_to_id = c.id AND r.expires_at > now())
    WHERE c.id::text LIKE '00000000-0000-4000-8002-%'`;
  return { users: users.length, liveCruds: live.length, expiredCruds: expired.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = await seed();
  console.log(`Seeded ${counts.users} users, ${counts.liveCruds} live cruds and ${counts.expiredCruds} expired ones.`);
  await prisma.$disconnect();
}
