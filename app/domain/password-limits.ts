// The password limits without zod, so the forms that carry them as HTML limits can import them
// without sending the validation library to the browser (app/auth/validation.ts uses them in its schemas).

/** Cognito's password policy (cdk/lib/auth.ts and the local pool): length, not composition (NIST 800-63B). */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
