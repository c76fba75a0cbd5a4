// The one module of app/ that lambda/ (the Cognito Post Confirmation handler, bundled on its own by
// the CDK) may import, checked by lint (eslint.config.js): the user-field rules, the log line format
// and the database's TLS settings, so the Lambda and the app cannot drift apart. Each is
// dependency-free enough to bundle. The other way, app/ imports only lambda/user-row.ts (the user-row
// SQL both run).
export { formatLogLine, type LogLevel } from "~/observability/logger.server";
export { sslFromMode } from "~/db/database-tls";
export { cleanDisplayName, DISPLAY_NAME_MAX, HANDLE_MAX, HANDLE_MIN, normalizeHandle } from "~/domain/user-validation";
