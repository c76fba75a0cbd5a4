// Mentions and hashtags in a crud's text: found once when it is written (notifications, crud_tags)
// and turned into links when it is shown. Everything else stays text (React escapes it).

const MENTION = /(^|[^\p{L}\p{N}_@/])@([A-Za-z0-9_]{3,20})(?![A-Za-z0-9_])/gu;
const HASHTAG = /(^|[^\p{L}\p{N}_&#/])#([\p{L}\p{N}_]{1,50})(?![\p{L}\p{N}_])/gu;

export type Segment = { kind: "text"; text: string } | { kind: "mention"; handle: string; text: string } | { kind: "tag"; tag: string; text: string };

/** Distinct lower-case handles mentioned (without '@'). */
export function extractMentions(message: string): string[] {
  return [...new Set([...message.matchAll(MENTION)].map((m) => m[2]!.toLowerCase()))];
}

/** Distinct lower-case hashtags (without '#'). */
export function extractHashtags(message: string): string[] {
  return [...new Set([...message.matchAll(HASHTAG)].map((m) => m[2]!.toLowerCase()))];
}

/** The message split into text, @mention and #tag segments, in order. */
export function segmentCrudText(message: string): Segment[] {
  const marks: { start: number; end: number; segment: Segment }[] = [];
  for (const m of message.matchAll(MENTION)) {
    const start = m.index! + m[1]!.length;
    marks.push({ start, end: start + 1 + m[2]!.length, segment: { kind: "mention", handle: m[2]!.toLowerCase(), text: `@${m[2]}` } });
  }
  for (const m of message.matchAll(HASHTAG)) {
    const start = m.index! + m[1]!.length;
    marks.push({ start, end: start + 1 + m[2]!.length, segment: { kind: "tag", tag: m[2]!.toLowerCase(), text: `#${m[2]}` } });
  }
  marks.sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let at = 0;
  for (const mark of marks) {
    if (mark.start < at) continue;
    if (mark.start > at) segments.push({ kind: "text", text: message.slice(at, mark.start) });
    segments.push(mark.segment);
    at = mark.end;
  }
  if (at < message.length) segments.push({ kind: "text", text: message.slice(at) });
  return segments;
}
