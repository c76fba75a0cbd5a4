import { readFile } from "node:fs/promises";
import { crudBy, expect, follow, test } from "./fixtures";

test("downloading your data from /settings/export: one JSON file of your account, and you stay on the page", async ({ page, newUser, signIn }) => {
  const me = await signIn("exporter", "Ex Porter");
  const friend = await newUser("friend", "Friend Ly");
  await crudBy(me, { text: `My crud, ${me.handle}` });
  await follow(me, friend);

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
