import { ActionIcon } from "~/components/icons";
import { showStatus } from "~/components/status-message";
import { useHydrated } from "~/hooks/use-hydrated";

/**
 * Shares a crud's address: the system's share sheet (the Web Share API) where the browser has one,
 * else "Copy link" to the clipboard, said in the status message. Without JavaScript it is the
 * address itself, a plain link (docs/product.md §3).
 */
export function ShareButton({ path, title }: { path: string; title: string }) {
  if (!useHydrated()) {
    return (
      <a href={path} className="action share">
        <ActionIcon name="share" />
        <span className="visually-hidden">Share</span>
      </a>
    );
  }
  // Named by what it does here: headless and desktop browsers often have no share sheet.
  const canShare = typeof navigator.share === "function";
  return (
    <button type="button" className="action share" onClick={() => void share(path, title)}>
      <ActionIcon name="share" />
      <span className="visually-hidden">{canShare ? "Share" : "Copy link"}</span>
    </button>
  );
}

async function share(path: string, title: string) {
  const url = new URL(path, window.location.href).href;
  if (typeof navigator.share === "function") {
    try {
      await navigator.share({ url, title });
      return;
    } catch (error) {
      // Closed by the reader: nothing to say. Refused by the browser: the clipboard instead.
      if (error instanceof DOMException && error.name === "AbortError") return;
    }
  }
  try {
    await navigator.clipboard.writeText(url);
    showStatus("Link copied.");
  } catch {
    showStatus(`Copy this link: ${url}`, "error");
  }
}
