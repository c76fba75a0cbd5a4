// Moved to tests/support/production-app-suite.ts; this re-export keeps older imports working until
// every branch has moved (delete it then).
export { buildRoutes, databaseFingerprint, routePath, sessionCookie, type ManifestRoute } from "../support/production-app-suite";
export { withProductionAppAndCognito as appWithLocalCognito } from "../support/production-app-suite";
