// The form actions shared by the pages that carry a crud form (home, own profile, thread).
import { data, redirect } from "@remix-run/node";
import type { CrudFormResult } from "~/components/crud-form";
import { createCrud, createReply } from "~/models/posting.server";
import { recordPostedTags } from "~/models/trending.server";
import { extractHashtags } from "~/utils/crud-text";
import { expiresAtFor } from "~/utils/ttl";
import { CrudSchema, ReplySchema } from "~/utils/crud-validation";

const isEnhanced = (form: FormData) => form.get("enhanced") === "1";
const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

function fieldErrors(issues: { path: (string | number)[]; message: string }[]) {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/** Posts a top-level crud: 400 with the text kept on bad input; else data (JS) or a redirect back (no JS). */
export async function postCrudAction(form: FormData, userId: string, backTo: string) {
  const values = { message: text(form, "message"), ttl: text(form, "ttl") };
  const parsed = CrudSchema.safeParse(values);
  if (!parsed.success) return data<CrudFormResult>({ errors: fieldErrors(parsed.error.issues), values }, { status: 400 });
  const now = new Date();
  await createCrud({ userId, ...parsed.data, now });
  recordPostedTags(extractHashtags(parsed.data.message), expiresAtFor(parsed.data.ttl, now));
  return isEnhanced(form) ? data<CrudFormResult>({ ok: true }) : redirect(backTo);
}

/** Replies to a live crud; 404 when it has expired meanwhile. */
export async function postReplyAction(form: FormData, userId: string, parentId: string, backTo: string) {
  const values = { message: text(form, "message") };
  const parsed = ReplySchema.safeParse(values);
  if (!parsed.success) return data<CrudFormResult>({ errors: fieldErrors(parsed.error.issues), values }, { status: 400 });
  const id = await createReply({ userId, parentId, message: parsed.data.message });
  if (!id) throw new Response("This crud has expired or never existed", { status: 404 });
  return isEnhanced(form) ? data<CrudFormResult>({ ok: true }) : redirect(backTo);
}
