/** One CSV line (RFC 4180 quoting: fields with a comma, quote or newline are quoted, quotes doubled). */
export function csvLine(fields: readonly (string | number | boolean | undefined)[]): string {
  return fields
    .map((f) => {
      const text = f === undefined ? '' : String(f);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(',') + '\n';
}
