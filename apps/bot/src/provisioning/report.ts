/** The words for a thing someone deleted by hand. */
export function describeMissing(resource: string, name: string): string {
  const what = resource === "text" || resource === "voice" ? `${resource} channel` : resource;
  return `the ${what} "${name}"`;
}
