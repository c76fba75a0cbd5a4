import { segmentCrudText } from "~/utils/crud-text";

/** The message with @mentions and #tags as links; everything else is text (React escapes it). */
export function CrudText({ message }: { message: string }) {
  return (
    <p className="message">
      {segmentCrudText(message).map((segment, index) =>
        segment.kind === "text" ? (
          segment.text
        ) : segment.kind === "mention" ? (
          <a key={index} href={`/@${segment.handle}`}>
            {segment.text}
          </a>
        ) : (
          <a key={index} href={`/search?q=${encodeURIComponent(`#${segment.tag}`)}`}>
            {segment.text}
          </a>
        ),
      )}
    </p>
  );
}
