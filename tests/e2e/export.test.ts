import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { e2eQuery } from "../support/e2e-db";
import { ensureUser, signInAs, uniqueHandle } from "../support/e2e-session";

test("downloading your data from /settings/export: one JSON file of your account, and you stay on the page", async ({ context, page }, testInfo) => {
  const me = await signInAs(context, uniqueHandle("exporter", testInfo.project.name), "Ex Porter");
  const friend = await ensureUser(uniqueHandle("friend", testInfo.project.name), "Friend Ly");
  await e2eQuery("INSERT INTO cruds (user_id, message, expires_at) VALUES ($1, $2, now() + interval '1 hour')", [me.id, `My crud, ${me.handle}`]);
  await e2eQuery("INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2)", [me.id, friend.id]);

  await page.goto("/settings/export");
  await expect(page.getByRole("heading", { name: "Export your data" })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download your data" }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^cruddur-${me.handle}-\\d{4}-\\d{2}-\\d{2}\\.json$`));
  const file = JSON.parse(await readFile((await download.path())!, "utf8")) as {
    format: string;
    version: number;
    account: { handle: string };
    cruds: { message: string }[];
    following: { handle: string }[];
    complete: boolean;
  };
  expect(file).toMatchObject({ format: "cruddur-account-export", version: 1, account: { handle: me.handle }, complete: true });
  expect(file.cruds.map((crud) => crud.message)).toEqual([`My crud, ${me.handle}`]);
  expect(file.following.map((person) => person.handle)).toEqual([friend.handle]);
  // A download never navigates away.
  await expect(page).toHaveURL(/\/settings\/export$/);
  await expect(page.getByRole("button", { name: "Download your data" })).toBeEnabled();
});
