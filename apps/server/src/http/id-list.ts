/** `a,b,c` of a query parameter as a list of ids (blanks dropped; each is checked where it is used). */
export function idList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
