import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** A settings page's heading, with the way back to the settings index. */
export function SettingsHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="settings-header">
      <p className="settings-back">
        <Link to="/settings">← Settings</Link>
      </p>
      <h1>{title}</h1>
      {children ? <p className="hint">{children}</p> : null}
    </header>
  );
}
