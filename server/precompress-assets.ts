// Build step (`npm run build`, after `remix build`): each script and stylesheet in public/build gets
// a brotli (best quality) and a gzip (level 9) copy beside it, made once here instead of on every
// request, and smaller than on-the-fly compression makes them (ADR 028). The server sends a copy
// when the browser accepts it (server/index.ts). The names are fingerprinted, so a copy never goes
// stale; a file under 1 KB is left alone, as `compression` leaves it.
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
const COMPRESSIBLE = /\.(js|css)$/;
const MIN_BYTES = 1024;

const directory = path.resolve(process.argv[2] ?? "public/build");
const names = (await readdir(directory, { recursive: true })).filter((name) => COMPRESSIBLE.test(name));
const totals = { files: 0, original: 0, br: 0, gzip: 0 };
await Promise.all(
  names.map(async (name) => {
    const file = path.join(directory, name);
    if ((await stat(file)).size < MIN_BYTES) return;
    const original = await readFile(file);
    const [br, gz] = await Promise.all([
      brotli(original, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
        },
      }),
      gzipped(original, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
    totals.files++;
    totals.original += original.length;
    totals.br += br.length;
    totals.gzip += gz.length;
  }),
);
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
console.log(
  `precompressed ${totals.files} assets in ${path.relative(process.cwd(), directory)}: ${kb(totals.original)} → ${kb(totals.br)} brotli, ${kb(totals.gzip)} gzip`,
);
