// What the console's import accepts, decided before anything is uploaded:
// the format from the file's name, and the size against the servers'
// request limit (8 MiB), so that a person learns at once — in Chinese —
// that a file is too large or must be saved in another format.

export type ImportFormat = 'text' | 'docx' | 'xlsx';

/** The request limit of the servers (limits.h `max_request_bytes`). */
export const MAX_IMPORT_BYTES = 8 << 20;

export type ImportChoice = { format: ImportFormat; label: string } | { error: string };

export function chooseImport(name: string, size: number): ImportChoice {
  const lower = name.toLowerCase();
  if (/\.(doc|xls|wps|et)$/.test(lower)) {
    return { error: `${name} 是旧版二进制格式，请在 WPS 或 Word/Excel 中另存为 .docx 或 .xlsx 后再导入` };
  }
  if (size > MAX_IMPORT_BYTES) {
    const mib = (size / (1 << 20)).toFixed(1);
    return { error: `${name} 有 ${mib} MiB，超过 8 MiB 的导入上限；Word 文档中的图片不会导入，可删去或压缩图片后另存再导入` };
  }
  if (lower.endsWith('.docx')) return { format: 'docx', label: 'Word 文档' };
  if (lower.endsWith('.xlsx')) return { format: 'xlsx', label: 'Excel 工作簿' };
  return { format: 'text', label: '文本' };
}

/** Bytes → base64, for protobuf `bytes` fields in JSON. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
