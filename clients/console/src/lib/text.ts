// Text positions. The services count in Unicode code points (comment
// anchors, finding columns); JavaScript strings count UTF-16 units. These
// convert between the two and between (line, column) and offsets, and carry
// UTF-8 text through protobuf's base64 `bytes` fields.

/** The UTF-16 index of code point `cp` in `text` (clamped to its length). */
export function utf16Index(text: string, cp: number): number {
  let index = 0;
  for (let seen = 0; seen < cp && index < text.length; seen++) {
    const unit = text.charCodeAt(index);
    index += unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length ? 2 : 1;
  }
  return index;
}

/** The code point offset of UTF-16 index `index` in `text`. */
export function codePointIndex(text: string, index: number): number {
  let cp = 0;
  for (let i = 0; i < index && i < text.length; cp++) {
    const unit = text.charCodeAt(i);
    i += unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return cp;
}

/** Length of `text` in code points. */
export function codePointLength(text: string): number {
  return codePointIndex(text, text.length);
}

/**
 * The code point offset of 1-based (`line`, `column`) in `text`, column in
 * code points; past the end of a line it stops at the line's end, past the
 * last line at the text's end.
 */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) {
    offset += codePointLength(lines[i]) + 1;
  }
  if (line - 1 >= lines.length) return codePointLength(text);
  const here = codePointLength(lines[line - 1]);
  return offset + Math.min(Math.max(column - 1, 0), here);
}

/** Code points [start, end) of `text`. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return text.slice(utf16Index(text, start), utf16Index(text, end));
}

/** UTF-8 text → base64, for protobuf `bytes` fields in JSON. */
export function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** base64 (protobuf `bytes`) → UTF-8 text. */
export function fromBase64(base64: string): string {
  const binary = atob(base64 || '');
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}
