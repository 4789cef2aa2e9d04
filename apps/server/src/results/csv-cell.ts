/** One RFC 4180 CSV cell: quoted (quotes doubled) when it holds a comma, quote or line break. */
export function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
