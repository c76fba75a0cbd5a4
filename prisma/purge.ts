// `npm run db:purge`: one purge round, the same code the server runs on an interval. Its stdout line is
// the round's JSON log line and CloudWatch metric document (app/jobs/purge.server.ts).
import { prisma } from "~/db.server";
import { runPurge } from "~/jobs/purge.server";

const report = await runPurge();
console.log(
  report.crudsPurgedElsewhere
    ? "Another server is purging expired cruds right now; the rest of the round is done."
    : `Purged ${report.crudsDeleted} expired cruds and ${report.sessionsDeleted} dead sessions.`,
);
await prisma.$disconnect();
