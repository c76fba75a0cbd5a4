/** The data export's addresses (ADR 023), shared by the page and the download. */
export const EXPORT_PAGE_PATH = "/settings/export";
export const EXPORT_DOWNLOAD_PATH = "/settings/export/download";
/** On the page's address: the download was just refused (the page then answers the 429). */
export const EXPORT_REFUSED_PARAM = "refused";
