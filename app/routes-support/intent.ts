/** The message of every unknown `intent`: a 400, whichever action got it. */
export const UNKNOWN_INTENT = "Unknown action.";

/**
 * The submitted `intent` (the button that sent the form) when it is one of `intents`; any other
 * value, or none, is thrown as a 400 (Epic Stack's habit: an action never guesses).
 */
export function formIntent<const T extends string>(form: FormData, intents: readonly T[]): T {
  const intent = form.get("intent");
  if (typeof intent === "string" && (intents as readonly string[]).includes(intent)) return intent as T;
  throw new Response(UNKNOWN_INTENT, { status: 400 });
}
