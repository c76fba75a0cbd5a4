/**
 * What an action throws (`refusal()`, `~/routes-support/refusal.server`) to refuse a form post made without
 * JavaScript: the page says what was not done, in the product's words, and leads back. The error
 * boundary (`~/components/error-boundary`) renders it.
 */
export type RefusalData = { refusal: { title: string; message: string; backTo?: string } };

export const isRefusal = (data: unknown): data is RefusalData =>
  typeof data === "object" && data !== null && "refusal" in data && typeof (data as RefusalData).refusal?.title === "string";
