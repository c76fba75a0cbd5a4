// The multipart reader of the two upload routes (/compose, /settings/profile; ADR 033): text fields into a FormData,
// each file into a temporary file of its own, every limit refused with a message the page can show.
//
// @remix-run/form-data-parser (0.17) hands the upload handler a part once the part has been read whole: a file is in
// memory (at most FILE_BYTES_MAX, which the parser enforces as it reads) until the handler has written it out, and
// the next part is not read before that. So a request holds at most one file in memory, never all of them.
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  FormDataParseError,
  MaxFileSizeExceededError,
  MaxFilesExceededError,
  MaxHeaderSizeExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  MultipartParseError,
  parseFormData,
  type FileUpload,
} from "@remix-run/form-data-parser";
import { FILE_BYTES_MAX, FORM_TEXT_BYTES_MAX } from "~/domain/picture-limits";

export type TempUpload = { field: string; path: string; size: number; fileName: string };

/** A form not taken; the message is shown to the person on the page. */
export class UploadRefused extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
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

  async function keepFile(upload: FileUpload): Promise<null> {
    // A form without JavaScript sends a file input left empty as a part with no name and no bytes.
    if (upload.size === 0) return null;
    if (!fileFields.has(upload.fieldName)) throw new UploadRefused(400, "This form does not take a file there.");
    if (files.length >= limits.maxFiles) throw new UploadRefused(413, tooManyFiles);

    folder ??= await mkdtemp(path.join(tmpdir(), "cruddur-upload-"));
    const file = path.join(folder, String(files.length));
    const handle = await open(file, "wx", 0o600);
    let size = 0;
    const reader = upload.stream().getReader();
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        size += read.value.byteLength;
        // The parser enforces the limit already; counting again costs nothing and does not depend on it.
        if (size > FILE_BYTES_MAX) throw new UploadRefused(413, tooLarge);
        await handle.write(read.value);
      }
    } finally {
      reader.releaseLock();
      await handle.close();
    }
    files.push({ field: upload.fieldName, path: file, size, fileName: upload.name });
    // Nothing goes into the form for a file: a text field of the same name can never pass for an upload's path.
    return null;
  }

  try {
    const form = await parseFormData(
      request,
      {
        // Empty parts (one per file input left empty) count as files for the parser; this handler counts real ones.
        maxFiles: limits.maxFiles + fileFields.size,
        maxFileSize: FILE_BYTES_MAX,
        maxHeaderSize: PART_HEADER_BYTES_MAX,
        maxParts: limits.maxFiles + fileFields.size + TEXT_FIELDS_MAX,
        maxTotalSize: limits.maxFiles * FILE_BYTES_MAX + FORM_TEXT_BYTES_MAX,
      },
      keepFile,
    );
    let textBytes = 0;
    for (const [name, value] of form) if (typeof value === "string") textBytes += Buffer.byteLength(name) + Buffer.byteLength(value);
    if (textBytes > FORM_TEXT_BYTES_MAX) throw new UploadRefused(413, "The text of this form is too long.");
    return { form, files, cleanup };
  } catch (error) {
    await cleanup();
    throw refusalOf(error, { tooManyFiles, tooLarge });
  }
}

function refusalOf(error: unknown, messages: { tooManyFiles: string; tooLarge: string }): unknown {
  if (error instanceof UploadRefused) return error;
  if (error instanceof MaxFilesExceededError) return new UploadRefused(413, messages.tooManyFiles);
  if (error instanceof MaxFileSizeExceededError) return new UploadRefused(413, messages.tooLarge);
  if (error instanceof MaxTotalSizeExceededError) return new UploadRefused(413, messages.tooLarge);
  if (error instanceof MaxPartsExceededError) return new UploadRefused(413, "This form has too many fields.");
  if (error instanceof MaxHeaderSizeExceededError) return new UploadRefused(413, "A file name in this form is too long. Rename the file and try again.");
  // A malformed body, or one cut off (the connection dropped): nothing the person did on the page.
  if (error instanceof FormDataParseError || error instanceof MultipartParseError)
    return new UploadRefused(400, "The form could not be read. Please send it again.");
  return error;
}
