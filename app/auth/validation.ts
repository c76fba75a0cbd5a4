// Shared by the forms (HTML constraints, so they work without JavaScript) and the actions (Zod).
import { z } from "zod";
import {
  cleanBio,
  cleanDisplayName,
  fitsBio,
  fitsDisplayName,
  HANDLE_WITH_AT_INPUT,
  isValidHandle,
  normalizeHandle,
  USER_MESSAGES,
} from "~/domain/user-validation";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/domain/password-limits";
import { normalizeRecoveryCode, RECOVERY_CODE_INPUT_MAX, RECOVERY_CODE_PATTERN } from "~/domain/recovery-code";

export { PASSWORD_MAX, PASSWORD_MIN };

export const EmailSchema = z
  .string({ required_error: "Enter your email address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address")
  .max(254, "That email address is too long")
  .email("Enter a valid email address");

export const PasswordSchema = z
  .string({ required_error: "Enter a password" })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);

// The user fields: their rules and messages are app/domain/user-validation.ts's.
export const HandleSchema = z
  .string({ required_error: USER_MESSAGES.handleMissing })
  .transform(normalizeHandle)
  .refine(isValidHandle, USER_MESSAGES.handleMalformed);

export const DisplayNameSchema = z
  .string({ required_error: USER_MESSAGES.displayNameMissing })
  .transform(cleanDisplayName)
  .pipe(z.string().min(1, USER_MESSAGES.displayNameMissing).refine(fitsDisplayName, USER_MESSAGES.displayNameTooLong));

export const BioSchema = z.string().default("").transform(cleanBio).refine(fitsBio, USER_MESSAGES.bioTooLong);

export const CodeSchema = z
  .string({ required_error: "Enter the code from the email" })
  .trim()
  .regex(/^\d{6}$/, "The code is the 6 digits from the email");

/** A code from an authenticator app: 6 digits (spaces, as some apps show "123 456", are dropped). */
export const TotpCodeSchema = z
  .string({ required_error: "Enter the 6-digit code from your authenticator app" })
  .transform((code) => code.replace(/\s+/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "The code is the 6 digits your authenticator app shows"));
export const SignInCodeSchema = z.object({ code: TotpCodeSchema });
/** Where a form asks for the code only when the account has an authenticator app (the action says if it was needed). */
const OptionalTotpCodeSchema = z
  .string()
  .optional()
  .transform((code) => code?.replace(/\s+/g, "") || undefined)
  .pipe(
    z
      .string()
      .regex(/^\d{6}$/, "The code is the 6 digits your authenticator app shows")
      .optional(),
  );

/** A recovery code at sign-in's second step (ADR 041). */
export const RecoveryCodeSchema = z.object({
  recoveryCode: z
    .string({ required_error: "Enter one of your recovery codes" })
    .max(RECOVERY_CODE_INPUT_MAX, "A recovery code is 10 letters and digits, like abcde-fghjk")
    .transform(normalizeRecoveryCode)
    .pipe(z.string().min(1, "Enter one of your recovery codes").regex(RECOVERY_CODE_PATTERN, "A recovery code is 10 letters and digits, like abcde-fghjk")),
});

const CurrentPasswordSchema = z.string({ required_error: "Enter your password" }).min(1, "Enter your password").max(PASSWORD_MAX);
/** Settings → Security: the password starts a set-up (a fresh Cognito token), a code finishes it. */
export const StartAuthenticatorSchema = z.object({ password: CurrentPasswordSchema });
export const ConfirmAuthenticatorSchema = z.object({ code: TotpCodeSchema });
/** Turning the app off or making new recovery codes: the password and a current code (ASVS 7.5.1). */
export const ReauthenticateWithCodeSchema = z.object({ password: CurrentPasswordSchema, code: TotpCodeSchema });

export const ProfileSchema = z.object({ displayName: DisplayNameSchema, bio: BioSchema });
export const SignUpSchema = z.object({ name: DisplayNameSchema, email: EmailSchema, handle: HandleSchema, password: PasswordSchema });
export const ConfirmSchema = z.object({ email: EmailSchema, code: CodeSchema });
export const ResendSchema = z.object({ email: EmailSchema });
export const SignInSchema = z.object({ email: EmailSchema, password: z.string().min(1, "Enter your password").max(PASSWORD_MAX) });
export const ForgotSchema = z.object({ email: EmailSchema });
export const ResetSchema = z
  .object({ email: EmailSchema, code: CodeSchema, password: PasswordSchema, confirmPassword: z.string() })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" });

/** /settings/password: the current password (checked by Cognito), the new one twice. */
export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: "Enter your current password" }).min(1, "Enter your current password").max(PASSWORD_MAX),
    password: PasswordSchema,
    confirmPassword: z.string().default(""),
    code: OptionalTotpCodeSchema,
  })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], message: "The passwords do not match" })
  .refine((value) => value.password !== value.currentPassword, { path: ["password"], message: "Choose a password other than your current one" });

/** /settings/delete: the password again, and the handle typed to confirm (compared by the action). */
export const DeleteAccountSchema = z.object({
  password: CurrentPasswordSchema,
  code: OptionalTotpCodeSchema,
  confirmation: z
    .string({ required_error: "Type your username to confirm" })
    .max(HANDLE_WITH_AT_INPUT.maxLength + 2, "Type your username to confirm")
    .transform((typed) => typed.trim().replace(/^@/, "").toLowerCase()),
});
