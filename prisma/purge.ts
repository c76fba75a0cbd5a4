// `npm run db:purge`: one purge of expired cruds, the same code the server runs on an interval.
import { prisma } from "~/db.server";
import { purgeExpiredCruds } from "~/models/purge.server";

const deleted = await purgeExpiredCruds();
console.log(deleted === null ? "Another server is purging right now; nothing done." : `Purged ${deleted} expired cruds.`);
await prisma.$disconnect();
