import { linkDisplay, segmentCrudText } from "~/domain/crud-text";

/**
 * The message with links, @mentions and #tags as links; everything else is text (React escapes it).
 * A mention is a link only when that user exists (`knownHandles`, read with the crud itself), so
 * "@nobody" never leads to a 404. Links are the visitor's choice to follow, not the site's
 * endorsement (`nofollow ugc`), and the opened page gets no handle on this one (`noopener`).
 */
export function CrudText({ message, knownHandles }: { message: string; knownHandles: readonly string[] }) {
  return (
    <p className="message">
      {segmentCrudText(message).map((segment, index) => {
        switch (segment.kind) {
          case "text":
            return segment.text;
          case "mention":
            return knownHandles.includes(segment.handle) ? (
              <a key={index} href={`/@${segment.handle}`}>
                {segment.text}
              </a>
            ) : (
              segment.text
            );
          case "tag":
            return (
              <a key={index} href={`/search?q=${encodeURIComponent(`#${segment.tag}`)}`}>
                {segment.text}
              </a>
            );
          case "link": {
            const { hiddenStart, shown, hiddenEnd } = linkDisplay(segment);
            return (
              <a key={index} href={segment.href} rel="nofollow ugc noopener" className="external">
                {hiddenStart ? <span className="invisible">{hiddenStart}</span> : null}
                <span className={hiddenEnd ? "ellipsis" : undefined}>{shown}</span>
                {hiddenEnd ? <span className="invisible">{hiddenEnd}</span> : null}
              </a>
            );
          }
        }
      })}
    </p>
  );
}
