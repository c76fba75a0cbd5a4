// Response compression. Nothing in front of the service compresses (the ALB does not), and phones
// ask for brotli first, so brotli's settings decide most of what compression costs us.
import { constants } from "node:zlib";
import compression from "compression";

/**
 * Brotli's window: 2^18 = 256 KB instead of zlib's default 2^22 = 4 MB. Under 50 concurrent
 * signed-in pages the default window tripled the server's CPU per page (the encoder's own work stays
 * small; the process around it slows: ADR 028). Pages are far below 256 KB, so they compress as well.
 */
export const BROTLI_WINDOW_BITS = 18;

export const compressResponses = () =>
  compression({
    // Quality 4 is the module's default (and a good one for on-the-fly pages): stated, not changed.
    brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS } },
  });
