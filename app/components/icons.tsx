/** Inline SVG icons: no icon font, nothing to download, `aria-hidden` because text always accompanies them. */
type IconProps = { className?: string };

export function LogoIcon({ className }: IconProps) {
  return (
    <svg className={className} viewBox="0 0 32 32" width="32" height="32" aria-hidden="true">
      <path fill="rgb(149,0,255)" d="M16 3C8.3 3 2 8.4 2 15c0 3.3 1.6 6.3 4.2 8.5L5 29l6.1-3.1c1.5.4 3.2.7 4.9.7 7.7 0 14-5.4 14-12S23.7 3 16 3z" />
      <circle cx="10.5" cy="15" r="2" fill="#fff" />
      <circle cx="16" cy="15" r="2" fill="#fff" />
      <circle cx="21.5" cy="15" r="2" fill="#fff" />
    </svg>
  );
}

/**
 * Icons drawn many times a page (the bomb on every crud) are defined once, in the layout, and
 * referenced with <use>: a feed then carries one copy of each drawing instead of one per crud. The
 * drawings (`symbols`, from icon-sprite.server.ts) are written by the server only: in the browser they
 * are already in the page, React leaves a hydrated element's inner HTML as it found it, and no bundle
 * needs a copy (undefined there, as a server module's exports are).
 */
export function IconSprite({ symbols }: { symbols: string | undefined }) {
  return (
    <svg
      width="0"
      height="0"
      aria-hidden="true"
      style={{ position: "absolute" }}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: symbols ?? "" }}
    />
  );
}

export function BombIcon({ className }: IconProps) {
  return (
    <svg className={className} width="16" height="16" aria-hidden="true">
      <use href="#icon-bomb" />
    </svg>
  );
}

export type NavIconName = "home" | "search" | "bell" | "mail" | "user" | "sign-in" | "sign-up" | "shield";

/** One of the navigation's icons, drawn from the sprite; decorative, as its link always has a label. */
export function NavIcon({ name, className = "nav-icon" }: { name: NavIconName; className?: string }) {
  return (
    <svg className={className} width="24" height="24" aria-hidden="true">
      <use href={`#icon-${name}`} />
    </svg>
  );
}

export type NotificationIconKind = "like" | "repost" | "reply" | "mention" | "follow";

/** The kind of a notification, drawn from the sprite; decorative, as its entry says the same in words. */
export function NotificationIcon({ kind }: { kind: NotificationIconKind }) {
  return (
    <svg className={`notification-icon notification-icon-${kind}`} width="22" height="22" aria-hidden="true">
      <use href={`#icon-notify-${kind}`} />
    </svg>
  );
}

export type ActionIconName = "reply" | "repost" | "like" | "share" | "more";

/** One of a crud's action icons, drawn from the sprite; decorative, as its button is named by its (hidden) label. */
export function ActionIcon({ name }: { name: ActionIconName }) {
  return (
    <svg className={`action-icon icon-${name}`} width="20" height="20" aria-hidden="true">
      <use href={`#icon-${name}`} />
    </svg>
  );
}
