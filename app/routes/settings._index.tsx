import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import settingsStyles from "~/styles/settings.css";
import { pageMeta } from "~/routes-support/meta";

export const meta: MetaFunction = () =>
  pageMeta("Settings · Cruddur", "Your Cruddur account: profile, sessions, password, two-step sign-in, preferences, appearance, blocks, mutes, your data.");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: settingsStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

/** Everything an account can change, see or take away (docs/product.md §3). */
const SECTIONS = [
  { to: "/settings/profile", name: "Profile", about: "Your display name and bio." },
  { to: "/settings/sessions", name: "Sessions", about: "Where you are signed in, and signing out the others." },
  { to: "/settings/password", name: "Password", about: "Change your password (every other device is signed out)." },
  { to: "/settings/security", name: "Security", about: "Two-step sign-in with an authenticator app, and recovery codes." },
  { to: "/settings/preferences", name: "Preferences", about: "The lifetime new cruds start with, and the time zone of exact times." },
  { to: "/settings/appearance", name: "Appearance", about: "Dark, light, or the same as your device." },
  { to: "/settings/blocks", name: "Blocked accounts", about: "The people you block, and unblocking them." },
  { to: "/settings/mutes", name: "Muted accounts", about: "The people you mute, and unmuting them." },
  { to: "/settings/export", name: "Export your data", about: "A download of your account's data as it is now." },
  { to: "/settings/delete", name: "Delete account", about: "Your account and everything in it, gone for good." },
] as const;

export default function SettingsIndex() {
  return (
    <section className="settings-page">
      <h1>Settings</h1>
      <nav aria-label="Settings">
        <ul className="settings-index">
          {SECTIONS.map((section) => (
            <li key={section.to}>
              <Link to={section.to} reloadDocument={section.to === "/settings/export"}>
                {section.name}
              </Link>
              <p className="hint">{section.about}</p>
            </li>
          ))}
        </ul>
      </nav>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
