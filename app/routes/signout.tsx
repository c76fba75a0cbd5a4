import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "~/auth/session.server";
import { redirectWithFlash } from "~/routes-support/flash.server";

/** GET changes nothing (state never changes on a GET); it just goes home. */
export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return redirectWithFlash("/", "signed-out", { headers: { "Set-Cookie": await destroySession(request) } });
}
