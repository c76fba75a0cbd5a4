// The report form's rules, shared by the form (HTML constraints, so they work without JavaScript) and
// the action (Zod). The database trigger `reports_validate` enforces the same comment bound.
import { z } from "zod";
import { characterCount, cleanText } from "~/domain/text";
import { isUuid } from "~/domain/uuid";

export const REPORT_COMMENT_MAX = 500;

/** The reasons, in the order the form offers them, with their labels. */
export const REPORT_REASONS = [
  { value: "spam", label: "Spam" },
  { value: "harassment", label: "Harassment" },
  { value: "illegal", label: "Illegal content" },
  { value: "other", label: "Other" },
] as const;

export type ReportReason = (typeof REPORT_REASONS)[number]["value"];

const reasonValues = REPORT_REASONS.map((reason) => reason.value) as [ReportReason, ...ReportReason[]];

export const reasonLabel = (reason: string) => REPORT_REASONS.find((r) => r.value === reason)?.label ?? reason;

export const ReportSchema = z
  .object({
    reason: z.enum(reasonValues, { errorMap: () => ({ message: "Choose a reason" }) }),
    comment: z
      .string()
      .optional()
      .transform((value) => cleanText(value ?? ""))
      .pipe(z.string().refine((value) => characterCount(value) <= REPORT_COMMENT_MAX, `Use at most ${REPORT_COMMENT_MAX} characters`)),
    /** What is reported: a crud (its id) or a user (their handle); exactly one. */
    crud: z.string().optional(),
    user: z.string().optional(),
  })
  .refine((form) => (form.crud ? isUuid(form.crud) && !form.user : !!form.user), { message: "Nothing to report", path: ["form"] });
