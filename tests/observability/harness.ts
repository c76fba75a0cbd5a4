// Moved to tests/support/production-app.ts; this re-export keeps older imports working until every
// branch has moved (delete it then).
export * from "../support/production-app";
