/**
 * The person's uploaded avatar (its 96-px variant), else initials on a colour derived from the handle (docs/product.md §3), so every user is recognisable without uploads.
 * Lightness 30% keeps white initials at ≥ 4.7:1 whatever the hue (yellow is the brightest; 38% was 3.1:1).
 */
export function Avatar({
  handle,
  displayName,
  size = 48,
  src,
  srcSet,
  alt = "",
  eager = false,
}: {
  handle: string;
  displayName: string;
  size?: number;
  src?: string | null;
  /** Sharper variants for dense screens (the profile header's 400-px avatar). */
  srcSet?: string;
  /** Beside a name an avatar is decoration, like the initials; the profile header, where it is the subject, describes it. */
  alt?: string;
  /** Above the fold (the profile header): loaded at once. */
  eager?: boolean;
}) {
  if (src)
    return <img className="avatar" src={src} srcSet={srcSet} alt={alt} width={size} height={size} loading={eager ? undefined : "lazy"} decoding="async" />;
  let hash = 0;
  for (const char of handle) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const initials =
    displayName
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => word[0]?.toUpperCase())
      .join("") || handle.slice(0, 1).toUpperCase();
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ width: size, height: size, fontSize: Math.round(size * 0.4), backgroundColor: `hsl(${hash % 360} 55% 30%)` }}
    >
      {initials}
    </span>
  );
}
