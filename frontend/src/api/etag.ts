/** The API's ETag of a record is its version in quotes; list items carry the version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
