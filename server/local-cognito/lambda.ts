// The local Lambda invoke endpoint: cognito-local's PostConfirmation trigger calls the real handler.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { PostConfirmationTriggerEvent } from "aws-lambda";
import { handler as postConfirmation } from "../../lambda/post-confirmation";
import { readBody, sendJson } from "./http";

/** The function name cognito-local is configured to invoke (its TriggerFunctions.PostConfirmation). */
export const LAMBDA_FUNCTION = "postConfirmation";

/**
 * Lambda's Invoke API as cognito-local (aws-sdk v2, RequestResponse) calls it. A result is 200 with
 * the handler's JSON; cognito-local uses `JSON.parse(body).response`. A thrown error is what Lambda
 * sends for a function error: 200, `X-Amz-Function-Error: Unhandled`, `{errorType, errorMessage}`.
 */
export function createLambdaServer(log: (line: string) => void): http.Server {
  return http.createServer((req, res) => {
    void (async () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url?.split("?")[0] ?? "");
      const body = await readBody(req);
      if (req.method !== "POST" || !match)
        return sendJson(res, 404, { Type: "User", message: "Not found" }, { "x-amzn-errortype": "ResourceNotFoundException" });
      const name = decodeURIComponent(match[1] ?? "");
      if (name !== LAMBDA_FUNCTION) {
        return sendJson(res, 404, { Type: "User", message: `Function not found: ${name}` }, { "x-amzn-errortype": "ResourceNotFoundException" });
      }
      const deadline = Date.now() + 5_000;
      try {
        const event = JSON.parse(body.toString("utf8")) as PostConfirmationTriggerEvent;
        const result = await postConfirmation(event, { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => deadline - Date.now() });
        sendJson(res, 200, result, { "content-type": "application/json" });
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        log(`[lambda] ${name} failed: ${err.message}`);
        sendJson(res, 200, { errorType: err.name, errorMessage: err.message }, { "content-type": "application/json", "x-amz-function-error": "Unhandled" });
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error) });
    });
  });
}
