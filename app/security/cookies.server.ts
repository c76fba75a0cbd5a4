// The app's own cookies, one way: HttpOnly, SameSite=Lax, Path=/, and in production Secure with the
// `__Host-` prefix (no Domain: no sibling subdomain can plant or read them). INSECURE_COOKIES drops
// Secure for a production build served over plain HTTP (the test suites).
import { createCookie, type Cookie } from "@remix-run/node";
import { env } from "~/env.server";

/** Whether cookies are sent with Secure (and named `__Host-`). */
export const secureCookies = (): boolean => env().NODE_ENV === "production" && !env().INSECURE_COOKIES;

/** One of the app's cookies: `name` (prefixed `__Host-` when secure), living `maxAgeSeconds`. */
export function appCookie(name: string, maxAgeSeconds: number): Cookie {
  const secure = secureCookies();
  return createCookie(secure ? `__Host-${name}` : name, { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: maxAgeSeconds });
}
