/** Inline SVG icons: no icon font, nothing to download, `aria-hidden` because text always accompanies them. */
type IconProps = { className?: string };

export function LogoIcon({ className }: IconProps) {
  return (
    <svg className={className} viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
      <path fill="rgb(149,0,255)" d="M16 3C8.3 3 2 8.4 2 15c0 3.3 1.6 6.3 4.2 8.5L5 29l6.1-3.1c1.5.4 3.2.7 4.9.7 7.7 0 14-5.4 14-12S23.7 3 16 3z" />
      <circle cx="10.5" cy="15" r="2" fill="#fff" />
      <circle cx="16" cy="15" r="2" fill="#fff" />
      <circle cx="21.5" cy="15" r="2" fill="#fff" />
    </svg>
  );
}

/**
 * Icons drawn many times a page (the bomb on every crud) are defined once here, in the layout, and
 * referenced with <use>: a feed then carries one copy of the drawing instead of one per crud.
 */
export function IconSprite() {
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" style={{ position: "absolute" }}>
      <symbol id="icon-bomb" viewBox="0 0 24 24">
        <circle cx="10" cy="14" r="7" fill="currentColor" />
        <path d="M14.5 8.5l2-2M17 4l1.5-1.5M19 6l1.5-.5M18 2.5l.5-1.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </symbol>
    </svg>
  );
}

export function BombIcon({ className }: IconProps) {
  return (
    <svg className={className} width="16" height="16" aria-hidden="true" focusable="false">
      <use href="#icon-bomb" />
    </svg>
  );
}
