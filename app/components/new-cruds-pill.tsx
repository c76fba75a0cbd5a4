import { useNavigate, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/** How often a visible page asks (ADR 021: polling, not server-sent events). */
const POLL_MS = 30_000;
/** The longest wait after failures (each failure doubles the wait). */
const MAX_BACKOFF_MS = 5 * 60_000;

/** What `/api/new-cruds` answers: the count (at most a page) and whether there are more than that ("20+"). */
export type NewCrudsAnswer = { count: number; more: boolean };

const label = ({ count, more }: NewCrudsAnswer) => `${count}${more ? "+" : ""} new ${count === 1 && !more ? "crud" : "cruds"}`;

/**
 * "N new cruds" above a home tab's first page, with JavaScript: asks /api/new-cruds every 30 s while
 * the page is visible (at once when it becomes visible again), never while hidden, and no more once
 * there are more than a page. A click shows them: the timeline is loaded again (it is a link to the
 * tab's first page, which is also where it goes without this script), the page goes to the top and
 * focus to the newest crud. Nothing is rendered before there is something new.
 */
export function NewCrudsPill({ tab, since, href }: { tab: "following" | "everyone"; since: string; href: string }) {
  const [fresh, setFresh] = useState<NewCrudsAnswer>({ count: 0, more: false });
  const revalidator = useRevalidator();
  const navigate = useNavigate();
  const focusNewest = useRef(false);

  const navigation = useNavigation();
  const loading = revalidator.state !== "idle" || navigation.state !== "idle";

  // Once the timeline is loaded again after a click, the newest crud is the reader's place.
  useEffect(() => {
    if (loading || !focusNewest.current) return;
    focusNewest.current = false;
    const newest = document.querySelector<HTMLElement>("main article.crud");
    if (newest) {
      newest.tabIndex = -1;
      newest.focus();
    }
  }, [loading, since]);

  useEffect(() => {
    setFresh({ count: 0, more: false });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let wait = POLL_MS;
    let done = false;
    const schedule = () => {
      clearTimeout(timer);
      if (!done) timer = setTimeout(() => void poll(), wait);
    };
    async function poll() {
      clearTimeout(timer);
      if (done || document.visibilityState !== "visible") return; // asked again once visible
      // A newer ask replaces one still on its way.
      controller?.abort();
      const asking = (controller = new AbortController());
      try {
        const response = await fetch(`/api/new-cruds?${new URLSearchParams({ tab, since })}`, {
          signal: asking.signal,
          headers: { Accept: "application/json" },
        });
        if (!response.ok) throw new Error(`new cruds: ${response.status}`);
        const answer = (await response.json()) as NewCrudsAnswer;
        setFresh(answer);
        wait = POLL_MS;
        // More than a page: the count cannot grow any more, so there is nothing left to ask.
        if (answer.more) done = true;
      } catch {
        if (asking.signal.aborted) return;
        // Offline, or the server refused or failed: ask again, more slowly each time.
        wait = Math.min(wait * 2, MAX_BACKOFF_MS);
      }
      schedule();
    }
    const onVisibility = () => {
      if (document.visibilityState === "visible") void poll();
    };
    document.addEventListener("visibilitychange", onVisibility);
    schedule();
    return () => {
      done = true;
      clearTimeout(timer);
      controller?.abort();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [tab, since]);

  return (
    // A polite live region that is there from the start, so a pill appearing in it is announced (at most every 30 s).
    <div className="new-cruds" aria-live="polite">
      {fresh.count > 0 ? (
        <a
          href={href}
          className="new-cruds-pill"
          onClick={(event) => {
            if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
            event.preventDefault();
            focusNewest.current = true;
            setFresh({ count: 0, more: false });
            window.scrollTo({ top: 0 });
            const here = `${window.location.pathname}${window.location.search}`;
            if (here === href) revalidator.revalidate();
            else navigate(href);
          }}
        >
          {label(fresh)}
        </a>
      ) : null}
    </div>
  );
}
