import { Link } from "@remix-run/react";
import type { ReactNode, RefObject } from "react";

/** A settings page's heading, with the way back to the settings index. */
export function SettingsHeader({ title, children, headingRef }: { title: string; children?: ReactNode; headingRef?: RefObject<HTMLHeadingElement> }) {
  return (
    <header className="settings-header">
      <p className="settings-back">
        <Link to="/settings">← Settings</Link>
      </p>
      <h1 ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
        {title}
      </h1>
      {children ? <p className="hint">{children}</p> : null}
    </header>
  );
}
