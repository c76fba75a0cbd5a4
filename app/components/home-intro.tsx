// Its own module, imported by the home route only: were it in layout.tsx (which the root imports), the
// bundler would split the layout into shared chunks, adding ~1.4 KB of JavaScript to / (ADR 026).

/**
 * What Cruddur is, on the signed-out home above the feed (within a phone's first screen): the
 * sidebar's "Join the party" is under the whole feed there.
 */
export function HomeIntro() {
  return (
    <section className="home-intro" aria-labelledby="home-intro-title">
      <h2 id="home-intro-title">Say it, and let it expire</h2>
      <p>Cruddur is micro-blogging where every post (a crud) disappears when its time is up, from an hour to 30 days.</p>
      <div className="join-actions">
        <a href="/signup" className="button">
          Sign up
        </a>
        <a href="/signin" className="button secondary">
          Sign in
        </a>
      </div>
    </section>
  );
}
