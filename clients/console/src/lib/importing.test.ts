import { describe, expect, it } from 'vitest';
import { bytesToBase64, chooseImport, MAX_IMPORT_BYTES } from './importing';

describe('chooseImport', () => {
  it('takes the format from the name', () => {
    expect(chooseImport('决算.DOCX', 1000)).toEqual({ format: 'docx', label: 'Word 文档' });
    expect(chooseImport('附表.xlsx', 1000)).toEqual({ format: 'xlsx', label: 'Excel 工作簿' });
    expect(chooseImport('全文.txt', 1000)).toEqual({ format: 'text', label: '文本' });
  });
  it('refuses a legacy binary file by name, saying what to do', () => {
    expect(chooseImport('附表.xls', 1000)).toEqual({
      error: '附表.xls 是旧版二进制格式，请在 WPS 或 Word/Excel 中另存为 .docx 或 .xlsx 后再导入',
    });
  });
  it('refuses a file over the limit before it is read', () => {
    const choice = chooseImport('决算.docx', 200 * (1 << 20));
    expect(choice).toEqual({
      error: '决算.docx 有 200.0 MiB，超过 8 MiB 的导入上限；Word 文档中的图片不会导入，可删去或压缩图片后另存再导入',
    });
    expect(chooseImport('决算.docx', MAX_IMPORT_BYTES)).toEqual({ format: 'docx', label: 'Word 文档' });
  });
});

describe('bytesToBase64', () => {
  it('encodes bytes that are not text', () => {
    expect(bytesToBase64(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff]))).toBe('UEsDBP8=');
  });
});
