import { createContext, useContext } from "react";

/** The request's CSP nonce, provided by entry.server.tsx and read by inline scripts. */
export const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
