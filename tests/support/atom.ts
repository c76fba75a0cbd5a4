// Reads an Atom feed the way a strict reader would: saxes checks the document is well-formed XML 1.0
// with namespaces (every character allowed, nothing unescaped, no `]]>` in text), then
// fast-xml-parser gives its structure, and the elements RFC 4287 requires are checked.
import { XMLParser } from "fast-xml-parser";
import { SaxesParser } from "saxes";

const ATOM = "http://www.w3.org/2005/Atom";

export type ParsedEntry = { id: string; title: string; content: string; published: string; updated: string; expires: string; link: string };
export type ParsedFeed = { id: string; title: string; updated: string; self: string; alternate: string; authorName: string; entries: ParsedEntry[] };

/** Throws with saxes' message (line:column) unless `xml` is a well-formed XML 1.0 document. */
export function assertWellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let failure: Error | undefined;
  let root: { uri: string; local: string } | undefined;
  parser.on("error", (error) => {
    failure ??= error;
  });
  parser.on("opentag", (tag) => {
    root ??= { uri: tag.uri, local: tag.local };
  });
  parser.write(xml).close();
  if (failure) throw failure;
  if (root?.uri !== ATOM || root.local !== "feed") throw new Error(`not an Atom feed: root element ${JSON.stringify(root)}`);
}

type Node = Record<string, unknown>;
const text = (value: unknown): string => {
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (value && typeof value === "object" && "#text" in value) return String((value as Node)["#text"]);
  return "";
};
const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : value ? [value as Node] : []);
const link = (node: Node, rel: string) => list(node.link).find((l) => (l["@_rel"] ?? "alternate") === rel)?.["@_href"] as string | undefined;

function required(what: string, value: string | undefined): string {
  if (!value) throw new Error(`Atom requires ${what}`);
  return value;
}

/** The feed's content, after checking it is well-formed and has what RFC 4287 requires. */
export function parseAtom(xml: string): ParsedFeed {
  assertWellFormed(xml);
  const parsed = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false, processEntities: true }).parse(xml) as { feed: Node };
  const feed = parsed.feed;
  const entries = list(feed.entry).map((entry, n) => ({
    id: required(`entry ${n} atom:id`, text(entry.id)),
    title: required(`entry ${n} atom:title`, text(entry.title)),
    updated: required(`entry ${n} atom:updated`, text(entry.updated)),
    published: text(entry.published),
    content: text(entry.content),
    expires: text(entry["age:expires"]),
    link: required(`entry ${n} link`, link(entry, "alternate")),
  }));
  return {
    id: required("feed atom:id", text(feed.id)),
    title: required("feed atom:title", text(feed.title)),
    updated: required("feed atom:updated", text(feed.updated)),
    self: required('link rel="self"', link(feed, "self")),
    alternate: required('link rel="alternate"', link(feed, "alternate")),
    // A feed without an author needs one on each entry; ours has the feed's.
    authorName: required("feed atom:author", text((feed.author as Node | undefined)?.name)),
    entries,
  };
}
