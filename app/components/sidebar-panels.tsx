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

export function TrendingPanel({ tags }: { tags: TrendingTagData[] }) {
  return (
    <section className="panel trending" aria-labelledby="trending-title">
      <h2 id="trending-title">Trending</h2>
      {tags.length === 0 ? (
        <p className="empty">No hashtags in the last 24 hours.</p>
      ) : (
        <ol>
          {tags.map(({ tag, count }) => (
            <li key={tag}>
              <a href={`/search?q=${encodeURIComponent(`#${tag}`)}`}>#{tag}</a>
              <span className="count">
                {count} {count === 1 ? "crud" : "cruds"}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** Suggested users (never anyone the viewer follows), with a Follow button for a signed-in viewer. */
export function SuggestedUsersPanel({ users, signedIn = false }: { users: SuggestedUserData[]; signedIn?: boolean }) {
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
