// The data export's document (docs/export-format.md, ADR 023): one JSON object written section by
// section as a stream, a page of rows at a time, each page read only when the client has taken the
// one before. Nothing holds more than a page; a slow client holds nothing but a paused stream.
import {
  exportConversations,
  exportCruds,
  exportLikes,
  exportMessages,
  exportPeople,
  exportReposts,
  PEOPLE,
  type ExportAccount,
  type ExportCursor,
  type Paged,
} from "~/models/account-export.server";
import { log } from "~/observability/logger.server";

export const EXPORT_FORMAT = "cruddur-account-export";
export const EXPORT_VERSION = 1;
/** Rows per statement: a few hundred kilobytes of JSON at most per page. */
export const EXPORT_PAGE_SIZE = 500;

type Page<T> = (args: { userId: string; after?: ExportCursor; limit: number }) => Promise<Paged<T>>;

/** Every page of a keyset-paged query, one statement each, the next read only when asked for. */
async function* pages<T>(page: Page<T>, userId: string, limit: number): AsyncGenerator<T[]> {
  let after: ExportCursor | undefined;
  for (;;) {
    const rows = await page({ userId, after, limit });
    if (rows.length > 0) yield rows.map(({ cursor: _cursor, ...row }) => row as T);
    if (rows.length < limit) return;
    after = rows[rows.length - 1]!.cursor;
  }
}

/** `"name": [ …rows… ]` at `indent`, the rows of each page as one chunk. */
async function* jsonArray(name: string, rows: AsyncIterable<unknown[]>, indent: string, last = false): AsyncGenerator<string> {
  yield `${indent}${JSON.stringify(name)}: [`;
  let empty = true;
  for await (const page of rows) {
    yield page.map((row) => `${empty ? ((empty = false), "") : ","}\n${indent}  ${JSON.stringify(row)}`).join("");
  }
  yield `${empty ? "" : `\n${indent}`}]${last ? "" : ","}\n`;
}

/** The conversations, each with its messages (paged within it too). */
async function* conversations(userId: string, limit: number): AsyncGenerator<string> {
  yield `  "conversations": [`;
  let first = true;
  for await (const page of pages(exportConversations, userId, limit)) {
    for (const { id, ...conversation } of page) {
      const head = JSON.stringify(conversation).slice(0, -1);
      yield `${first ? "" : ","}\n    ${head},\n`;
      first = false;
      const messages = pages((args) => exportMessages(id, args), userId, limit);
      yield* jsonArray("messages", messages, "      ", true);
      yield "    }";
    }
  }
  yield `${first ? "" : "\n  "}],\n`;
}

/** The whole document, in order (the order is part of the format: readers may stream it too). */
async function* exportDocument(account: ExportAccount, now: Date, limit: number): AsyncGenerator<string> {
  const userId = account.id;
  const header = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now, account };
  yield `${JSON.stringify(header, null, 2).slice(0, -2)},\n`;
  yield* jsonArray("cruds", pages(exportCruds, userId, limit), "  ");
  yield* jsonArray("reposts", pages(exportReposts, userId, limit), "  ");
  yield* jsonArray("likes", pages(exportLikes, userId, limit), "  ");
  for (const [name, list] of Object.entries(PEOPLE)) {
    yield* jsonArray(
      name,
      pages((args) => exportPeople(list, args), userId, limit),
      "  ",
    );
  }
  yield* conversations(userId, limit);
  // Last, so a reader can tell a whole document from one cut short.
  yield `  "complete": true\n}\n`;
}

/**
 * The export as a byte stream. `drained` (the host's; ADR 023) resolves once the connection has
 * room again: Remix's adapter writes each chunk without waiting, so the stream waits for it itself
 * before reading the next page. A failure mid-way ends the stream with an error, which cuts the
 * download short (the status line is long gone); the missing `"complete": true` says so.
 */
export function accountExportStream(
  account: ExportAccount,
  {
    now = new Date(),
    pageSize = EXPORT_PAGE_SIZE,
    drained,
    signal,
  }: { now?: Date; pageSize?: number; drained?: () => Promise<void>; signal?: AbortSignal } = {},
): ReadableStream<Uint8Array> {
  const chunks = exportDocument(account, now, pageSize);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          await drained?.();
          // The client went away (`signal`: the request's): nothing more is read. The adapter would
          // otherwise go on reading the whole export into a closed connection.
          if (signal?.aborted) {
            await chunks.return(undefined);
            return controller.close();
          }
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          log("error", "data export failed", { user_handle: account.handle, error: error instanceof Error ? error.message : String(error) });
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    // Nothing read ahead: a page is read when the one before has been taken.
    { highWaterMark: 0 },
  );
}
