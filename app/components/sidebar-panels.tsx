import { Form } from "@remix-run/react";
import { RelationButton } from "~/components/relation-button";
import { UserChip } from "~/components/user-chip";

export type TrendingTagData = { tag: string; count: number };
export type SuggestedUserData = { handle: string; displayName: string; avatar?: string | null };

/** A GET form to /search: works without JavaScript. `id` keeps two boxes on one page apart. */
export function SearchBox({ defaultValue, id = "sidebar-search", label = "Search Cruddur" }: { defaultValue?: string; id?: string; label?: string }) {
  return (
    <Form method="get" action="/search" role="search" className="search-box" aria-label={label}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} type="search" name="q" defaultValue={defaultValue} placeholder="Search people, words, #tags" maxLength={200} enterKeyHint="search" />
      <button type="submit">Search</button>
    </Form>
  );
}

/** Hashtags by how many people (distinct authors) used them in live cruds of the last 24 hours. */
export function TrendingPanel({ tags }: { tags: TrendingTagData[] }) {
  return (
    <section className="panel trending" aria-labelledby="trending-title">
      <h2 id="trending-title">Trending</h2>
      {tags.length === 0 ? null : <p className="hint">Used by the most people in the last 24 hours</p>}
      {tags.length === 0 ? (
        <p className="empty">No hashtags in the last 24 hours.</p>
      ) : (
        <ol>
          {tags.map(({ tag, count }) => (
            <li key={tag}>
              <a href={`/search?q=${encodeURIComponent(`#${tag}`)}`}>#{tag}</a>
              <span className="count">
                {count} {count === 1 ? "person" : "people"}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** How many suggestions the panel shows (the server sends one more: SUGGESTIONS_LIMIT). */
export const SUGGESTIONS_SHOWN = 5;

/**
 * Suggested users (never anyone the viewer follows), with a Follow button for a signed-in viewer.
 * `except`: the handle of the profile being read, never suggested on its own page.
 */
export function SuggestedUsersPanel({ users: all, signedIn = false, except }: { users: SuggestedUserData[]; signedIn?: boolean; except?: string }) {
  const users = all.filter((user) => user.handle !== except).slice(0, SUGGESTIONS_SHOWN);
  return (
    <section className="panel suggested" aria-labelledby="suggested-title">
      <h2 id="suggested-title">Suggested users</h2>
      {users.length === 0 ? (
        <p className="empty">No suggestions right now.</p>
      ) : (
        <ul>
          {users.map((user) => (
            <li key={user.handle}>
              <a href={`/@${user.handle}`} className="user-link">
                <UserChip user={user} size={40} />
              </a>
              {signedIn ? <RelationButton relation="follow" handle={user.handle} active={false} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
