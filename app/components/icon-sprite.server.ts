// The icons' drawings, as SVG markup: the layout's sprite (icons.tsx `IconSprite`), written into the
// page by the server only. A server module, so no browser bundle carries them (ADR 026's budget): the
// browser already has them in the page, and a hydrated sprite is never rendered again.
export const ICON_SYMBOLS = [
  // The bomb on every crud's countdown.
  `<symbol id="icon-bomb" viewBox="0 0 24 24"><circle cx="10" cy="14" r="7" fill="currentColor"/><path d="M14.5 8.5l2-2M17 4l1.5-1.5M19 6l1.5-.5M18 2.5l.5-1.5" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></symbol>`,
  // The navigation (the desktop nav and the phone's tab bar): outlines in currentColor.
  `<symbol id="icon-home" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"><path d="M3 10.5 12 3l9 7.5V21h-6v-6H9v6H3z"/></symbol>`,
  `<symbol id="icon-search" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><circle cx="10.5" cy="10.5" r="6.5"/><path d="m15.5 15.5 5 5"/></symbol>`,
  `<symbol id="icon-bell" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"><path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z"/><path d="M10 20.5a2 2 0 0 0 4 0" stroke-linecap="round"/></symbol>`,
  `<symbol id="icon-mail" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"><rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3.5 6.5 8.5 6.5 8.5-6.5"/></symbol>`,
  `<symbol id="icon-user" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><circle cx="12" cy="8" r="4"/><path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7"/></symbol>`,
  `<symbol id="icon-sign-in" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M14 3h5a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-5"/><path d="M3 12h12m-4-4 4 4-4 4"/></symbol>`,
  `<symbol id="icon-sign-up" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><circle cx="10" cy="8" r="4"/><path d="M2 21c0-4.4 3.6-7 8-7 1.4 0 2.7.3 3.8.8M19 14v6m-3-3h6"/></symbol>`,
  // A crud's actions: drawn by .action-icon's fill and stroke.
  `<symbol id="icon-reply" viewBox="0 0 24 24"><path d="M4 5h16v11H9l-5 4z" stroke-linejoin="round"/></symbol>`,
  `<symbol id="icon-repost" viewBox="0 0 24 24"><path d="M4 11V8a2 2 0 0 1 2-2h12m-3-3 3 3-3 3M20 13v3a2 2 0 0 1-2 2H6m3 3-3-3 3-3" stroke-linecap="round" stroke-linejoin="round" fill="none"/></symbol>`,
  `<symbol id="icon-like" viewBox="0 0 24 24"><path d="M12 20s-7.5-4.6-7.5-10A4.2 4.2 0 0 1 12 7.4 4.2 4.2 0 0 1 19.5 10c0 5.4-7.5 10-7.5 10z" stroke-linejoin="round"/></symbol>`,
  `<symbol id="icon-share" viewBox="0 0 24 24"><path d="M12 15V3m-4 4 4-4 4 4M5 12v7a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-7" stroke-linecap="round" stroke-linejoin="round" fill="none"/></symbol>`,
  `<symbol id="icon-more" viewBox="0 0 24 24"><circle cx="5" cy="12" r="1.8" fill="currentColor" stroke="none"/><circle cx="12" cy="12" r="1.8" fill="currentColor" stroke="none"/><circle cx="19" cy="12" r="1.8" fill="currentColor" stroke="none"/></symbol>`,
  `<symbol id="icon-shield" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"><path d="M12 3 4 6v6c0 4.5 3.4 8 8 9 4.6-1 8-4.5 8-9V6z"/></symbol>`,
  // Notification kinds (ADR 036), beside each entry.
  `<symbol id="icon-notify-like" viewBox="0 0 24 24"><path fill="currentColor" d="M12 21s-7.5-4.6-9.3-9.3C1.4 8.3 3.6 4.5 7.3 4.5c2 0 3.5 1.1 4.7 2.7 1.2-1.6 2.7-2.7 4.7-2.7 3.7 0 5.9 3.8 4.6 7.2C19.5 16.4 12 21 12 21z"/></symbol>`,
  `<symbol id="icon-notify-repost" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M4 11V9a3 3 0 0 1 3-3h12m-3-3 3 3-3 3"/><path d="M20 13v2a3 3 0 0 1-3 3H5m3 3-3-3 3-3"/></symbol>`,
  `<symbol id="icon-notify-reply" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"><path d="M4 5h16v11H9l-5 4z"/></symbol>`,
  `<symbol id="icon-notify-mention" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><circle cx="12" cy="12" r="3.5"/><path d="M15.5 8.5v5a2.5 2.5 0 0 0 5 0V12a8.5 8.5 0 1 0-3.4 6.8"/></symbol>`,
  `<symbol id="icon-notify-follow" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><circle cx="10" cy="8" r="4"/><path d="M2 21c0-4.4 3.6-7 8-7s8 2.6 8 7M19 6v6m-3-3h6"/></symbol>`,
].join("");
