import { describe, expect, it } from "vitest";
import { crudNotLive, noSuchUser } from "~/routes-support/not-found";

describe("the not-found answers", () => {
  it("are 404s with the page's text", async () => {
    expect(crudNotLive().status).toBe(404);
    expect(await crudNotLive().text()).toBe("This crud has expired or never existed");
    expect(await noSuchUser("@zed").text()).toBe("There is no user @zed on Cruddur.");
    expect(noSuchUser("@zed").status).toBe(404);
  });
});
