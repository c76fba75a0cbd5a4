import { useNavigation } from "@remix-run/react";

/**
 * A thin bar across the top while the next page loads or a form is sent (JavaScript on; without it
 * the browser shows its own). It fades in after a moment (CSS), so quick pages do not flicker.
 */
export function NavigationProgress() {
  const navigation = useNavigation();
  if (navigation.state === "idle") return null;
  return (
    <div
      className="navigation-progress"
      role="progressbar"
      aria-label={navigation.state === "submitting" ? "Sending" : "Loading the page"}
      aria-valuetext={navigation.state === "submitting" ? "Sending…" : "Loading…"}
    />
  );
}
