/**
 * The line of the source file each row came from, kept when a CSV is converted
 * (the server stores uploads as Arrow), so an error names a row by its file line
 * on the server as in the CLI ("file.csv:12"), never by a 0-based row index.
 * Stored compactly as the rows where the line does not follow on from the previous
 * one: [[row, line], ...] ([[0, 2]] for a CSV with one line per row).
 */
export const SOURCE_LINES_KEY = 'radsweep.source_lines';

export function encodeSourceLines(lines: Int32Array): string {
  const segments: [number, number][] = [];
  for (let r = 0; r < lines.length; r++) if (r === 0 || lines[r] !== lines[r - 1] + 1) segments.push([r, lines[r]]);
  return JSON.stringify(segments);
}

/** The lines of `rowCount` rows, or null when the text is not a valid encoding for that many rows. */
export function decodeSourceLines(text: string, rowCount: number): Int32Array | null {
  let segments: unknown;
  try {
    segments = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(segments) || segments.length === 0 || segments[0]?.[0] !== 0) return null;
  const lines = new Int32Array(rowCount);
  for (let s = 0; s < segments.length; s++) {
    const [start, line] = segments[s] as [number, number];
    const end = s + 1 < segments.length ? (segments[s + 1] as [number, number])[0] : rowCount;
    if (!Number.isInteger(start) || !Number.isInteger(line) || start < 0 || end > rowCount || end <= start) return null;
    for (let r = start; r < end; r++) lines[r] = line + (r - start);
  }
  return lines;
}
