// The multipart reader of the two upload routes (/compose, /settings/profile; ADR 033): text fields into a FormData,
// each file into a temporary file of its own, every limit refused with a message the page can show.
//
// @remix-run/multipart-parser (0.16, what form-data-parser is built on) yields a part once it has been read whole: a
// file is in memory (at most FILE_BYTES_MAX, which the parser enforces as it reads) until it has been written out,
// and the next part is not read before that. So a request holds at most one file in memory, never all of them.
// The parts are read here, not through form-data-parser, so that a refusal still carries the text fields read
// before it (the composer's text comes before its files): the page says what was refused and keeps the text.
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  MaxFileSizeExceededError,
  MaxHeaderSizeExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  parseMultipartRequest,
  type MultipartPart,
} from "@remix-run/multipart-parser";
import { FILE_BYTES_MAX, FORM_TEXT_BYTES_MAX } from "~/domain/picture-limits";

export type TempUpload = { field: string; path: string; size: number; fileName: string };

/** A form not taken; the message is shown to the person on the page, with the text fields read before it (`form`). */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
    readonly form: FormData = new FormData(),
  ) {
    super(message);
    this.name = "UploadRefused";
  }
}

/** Text fields of an upload form at most (text, lifetime, four descriptions, pending ids, the CSRF token…). */
const TEXT_FIELDS_MAX = 32;

/** A part's headers: a name, a file name and a type fit in well under this. */
const PART_HEADER_BYTES_MAX = 2 * 1024;

const MEGABYTE = 1024 * 1024;

export async function readUploadForm(
  request: Request,
  limits: { maxFiles: number; fileField: string | string[] },
): Promise<{ form: FormData; files: TempUpload[]; cleanup(): Promise<void> }> {
  const fileFields = new Set([limits.fileField].flat());
  const tooManyFiles = `Send at most ${limits.maxFiles} ${limits.maxFiles === 1 ? "image" : "images"} at once.`;
  const tooLarge = `Each image can be at most ${FILE_BYTES_MAX / MEGABYTE} MB. Choose a smaller one, or export it at a smaller size.`;

  // The parser would fall back to other encodings; an upload route reads multipart only.
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(contentType)) throw new UploadRefused(415, "This form must be sent as multipart/form-data.");

  const files: TempUpload[] = [];
  let folder: string | undefined;
  const cleanup = async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  };

  // A refusal found by this reader waits for the end of the body: leaving the parser early cancels the request's
  // stream, which destroys the socket, and the browser would get a reset connection instead of the page.
  let refused: UploadRefused | undefined;

  async function keepFile(part: MultipartPart): Promise<void> {
    // A form without JavaScript sends a file input left empty as a part with no name and no bytes.
    if (part.size === 0 || refused) return;
    if (!fileFields.has(part.name ?? "")) refused = new UploadRefused(400, "This form does not take a file there.");
    else if (files.length >= limits.maxFiles) refused = new UploadRefused(413, tooManyFiles);
    // The parser enforces the limit already; checking again costs nothing and does not depend on it.
    else if (part.size > FILE_BYTES_MAX) refused = new UploadRefused(413, tooLarge);
    if (refused) return;
    folder ??= await mkdtemp(path.join(tmpdir(), "cruddur-upload-"));
    const file = path.join(folder, String(files.length));
    const handle = await open(file, "wx", 0o600);
    try {
      await handle.write(part.bytes);
    } finally {
      await handle.close();
    }
    files.push({ field: part.name!, path: file, size: part.size, fileName: part.filename ?? "" });
  }

  // Files never go into the form: a text field of the same name can never pass for an upload's path.
  const form = new FormData();
  let textFields = 0;
  let textBytes = 0;
  try {
    const parts = parseMultipartRequest(request, {
      maxFileSize: FILE_BYTES_MAX,
      maxHeaderSize: PART_HEADER_BYTES_MAX,
      maxParts: limits.maxFiles + fileFields.size + TEXT_FIELDS_MAX,
      maxTotalSize: limits.maxFiles * FILE_BYTES_MAX + FORM_TEXT_BYTES_MAX,
    });
    for await (const part of parts) {
      if (!part.name) continue;
      if (part.isFile) {
        await keepFile(part);
        continue;
      }
      textBytes += Buffer.byteLength(part.name) + part.size;
      if (++textFields > TEXT_FIELDS_MAX) refused ??= new UploadRefused(413, "This form has too many fields.");
      if (textBytes > FORM_TEXT_BYTES_MAX) refused ??= new UploadRefused(413, "The text of this form is too long.");
      if (!refused) form.append(part.name, part.text);
    }
    if (refused) throw refused;
    return { form, files, cleanup };
  } catch (error) {
    await cleanup();
    await drain(request.body);
    throw refusalOf(error, { tooManyFiles, tooLarge }, form);
  }
}

/**
 * Reads what is left of a refused body (the request guard has capped its length) and drops it. Left unread, the
 * request's stream stays paused with the rest of the upload in flight: Node cannot discard it after the answer, the
 * connection hangs, and a browser still sending sees a reset instead of the page that says what was refused.
 */
async function drain(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body || body.locked) return;
  const reader = body.getReader();
  try {
    while (!(await reader.read()).done);
  } catch {
    // The client went away: nothing left to drain.
  } finally {
    reader.releaseLock();
  }
}

/** The refusal a parser error stands for, carrying the text fields read before it. */
function refusalOf(error: unknown, messages: { tooManyFiles: string; tooLarge: string }, form: FormData): unknown {
  if (error instanceof UploadRefused) return new UploadRefused(error.status, error.message, form);
  if (error instanceof MaxFileSizeExceededError || error instanceof MaxTotalSizeExceededError) return new UploadRefused(413, messages.tooLarge, form);
  if (error instanceof MaxPartsExceededError) return new UploadRefused(413, "This form has too many fields.", form);
  if (error instanceof MaxHeaderSizeExceededError) return new UploadRefused(413, "A file name in this form is too long. Rename the file and try again.", form);
  // A malformed body, or one cut off (the connection dropped): nothing the person did on the page.
  if (error instanceof MultipartParseError) return new UploadRefused(400, "The form could not be read. Please send it again.", form);
  return error;
}
