import { Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { LogoIcon } from "~/components/icons";

export function DesktopNavigation() {
  return (
    <nav className="primary-nav" aria-label="Main">
      <Link to="/" className="logo" aria-label="Cruddur home">
        <LogoIcon />
        <span>Cruddur</span>
      </Link>
      <ul>
        <li>
          <NavLink to="/" end>
            Home
          </NavLink>
        </li>
      </ul>
    </nav>
  );
}

export function JoinPanel() {
  return (
    <section className="panel join" aria-labelledby="join-title">
      <h2 id="join-title">Join the party</h2>
      <p>Have something to say? Say it, and let it expire.</p>
      <div className="join-actions">
        <Link to="/signup" className="button">
          Sign up
        </Link>
        <Link to="/signin" className="button secondary">
          Sign in
        </Link>
      </div>
    </section>
  );
}

export function Sidebar({ children }: { children?: ReactNode }) {
  return (
    <aside className="sidebar" aria-label="Sidebar">
      {children}
    </aside>
  );
}
