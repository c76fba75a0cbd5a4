import { useEffect, useRef, type FormEvent } from "react";
import { Pager } from "~/components/pager";
import { RelativeTime } from "~/components/relative-time";
import { RelationButton } from "~/components/relation-button";
import { SettingsHeader } from "~/components/settings";
import { pageMeta } from "~/routes-support/meta";

const COPY = {
  blocks: {
    title: "Blocked accounts",
    hint: "Neither of you sees the other's cruds, replies or reposts; they cannot follow, reply to, like, repost or message you.",
    empty: "You have not blocked anyone.",
    description: "The accounts you have blocked on Cruddur.",
    button: "block",
  },
  mutes: {
    title: "Muted accounts",
    hint: "Their cruds, reposts and interactions stay out of your timelines and notifications. They are not told.",
    empty: "You have not muted anyone.",
    description: "The accounts you have muted on Cruddur.",
    button: "mute",
  },
} as const;

export const safetyListMeta = (kind: keyof typeof COPY) => pageMeta(`${COPY[kind].title} · Cruddur`, COPY[kind].description);

/** `/settings/blocks` and `/settings/mutes`: the people you block or mute, newest first, each with its undo button (ADR 018). */
export function SafetyList({
  kind,
  users,
  olderHref,
  paged,
}: {
  kind: keyof typeof COPY;
  users: { handle: string; displayName: string; since: Date }[];
  olderHref?: string;
  paged: boolean;
}) {
  const copy = COPY[kind];
  const path = `/settings/${kind}`;
  const list = useRef<HTMLUListElement>(null);
  // The row whose Unblock/Unmute was pressed: when it goes, focus moves to the row now in its place
  // (the next one), else the one before, else the heading (ADR 035).
  const acted = useRef<number | null>(null);
  const remember = (event: FormEvent) => {
    const row = event.target instanceof Element ? event.target.closest("li") : null;
    acted.current = row && list.current ? Array.prototype.indexOf.call(list.current.children, row) : null;
  };
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const at = acted.current;
    // Only when the focus fell back to the page (the row went), not after a refusal that kept it.
    if (at === null || (document.activeElement && document.activeElement !== document.body)) return;
    acted.current = null;
    const buttons = list.current?.querySelectorAll<HTMLElement>('button[name="intent"]') ?? [];
    (buttons[Math.min(at, buttons.length - 1)] ?? heading.current)?.focus();
  }, [users]);
  return (
    <section className="safety-list">
      <SettingsHeader title={copy.title} headingRef={heading}>
        {copy.hint}
      </SettingsHeader>
      {users.length === 0 ? (
        <p className="empty">{paged ? "No more accounts." : copy.empty}</p>
      ) : (
        <ul className="user-list" ref={list} onSubmitCapture={remember}>
          {users.map((user) => (
            <li key={user.handle} className="user-row">
              <a href={`/@${user.handle}`}>
                <strong>{user.displayName}</strong> <span className="handle">@{user.handle}</span>
              </a>{" "}
              <RelativeTime date={user.since} />
              <RelationButton relation={copy.button} handle={user.handle} active redirectTo={path} />
            </li>
          ))}
        </ul>
      )}
      {paged ? (
        <p>
          <a href={path}>Back to the newest</a>
        </p>
      ) : null}
      <Pager href={olderHref} label={`More ${copy.title.toLowerCase()}`} />
    </section>
  );
}
