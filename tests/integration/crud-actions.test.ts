// The like/repost/delete endpoint (/cruds/:id) for a visitor whose session has ended.
import type { ActionFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { action } from "~/routes/cruds.$id";

async function post(form: Record<string, string>) {
  const request = new Request("http://localhost/cruds/0b0e4e55-0000-4000-8000-000000000000", { method: "POST", body: new URLSearchParams(form) });
  try {
    return await action({
      request,
      params: { id: "0b0e4e55-0000-4000-8000-000000000000" },
      context: { cspNonce: "", clientIp: "127.0.0.1" },
    } as ActionFunctionArgs);
  } catch (thrown) {
    return thrown as Response;
  }
}

describe("a like from a signed-out visitor", () => {
  it("goes to sign in and then back to the page it came from, never to the POST-only address", async () => {
    const response = (await post({ intent: "like", redirectTo: "/@bob?cursor=x" })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/signin?${new URLSearchParams({ redirectTo: "/@bob?cursor=x" })}`);
  });

  it("never follows an off-site redirectTo", async () => {
    const response = (await post({ intent: "like", redirectTo: "//evil.example/" })) as Response;
    expect(response.headers.get("location")).toBe("/signin?redirectTo=%2F");
  });
});
