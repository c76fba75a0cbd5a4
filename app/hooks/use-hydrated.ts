import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False on the server and while hydrating, true after, and at once in anything mounted later (a page reached
 * by a client-side navigation): only the component that asks renders again once JavaScript runs.
 */
export const useHydrated = () =>
  useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
