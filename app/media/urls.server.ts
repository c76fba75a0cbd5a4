// Placeholder until the media library lands: the app serves every picture itself.
export function pictureUrl(name: string, _options?: { expiresAt?: Date }): string {
  return `/media/${name}`;
}
