import { describe, expect, it } from 'vitest';
import { codePointIndex, fromBase64, offsetOf, sliceCodePoints, toBase64, utf16Index } from './text';

describe('code points and UTF-16', () => {
  const text = '支出𠀀决算'; // 𠀀 is outside the BMP: two UTF-16 units
  it('maps code points to UTF-16 indexes past an astral character', () => {
    expect(utf16Index(text, 2)).toBe(2);
    expect(utf16Index(text, 3)).toBe(4);
    expect(utf16Index(text, 5)).toBe(6);
    expect(utf16Index(text, 99)).toBe(6);
  });
  it('maps UTF-16 indexes back', () => {
    expect(codePointIndex(text, 4)).toBe(3);
    expect(codePointIndex(text, 6)).toBe(5);
  });
  it('slices by code points', () => {
    expect(sliceCodePoints(text, 2, 4)).toBe('𠀀决');
  });
});

describe('line and column', () => {
  const text = '第一行\n决算数为 1080.02，\n末行';
  it('finds 1-based line and column as a code point offset', () => {
    expect(offsetOf(text, 1, 1)).toBe(0);
    expect(offsetOf(text, 2, 1)).toBe(4);
    expect(offsetOf(text, 2, 6)).toBe(9);
    expect(sliceCodePoints(text, offsetOf(text, 2, 6), offsetOf(text, 2, 13))).toBe('1080.02');
  });
  it('clamps past the end of a line and of the text', () => {
    expect(offsetOf(text, 1, 40)).toBe(3);
    expect(offsetOf(text, 9, 1)).toBe([...text].length);
  });
});

describe('base64 of UTF-8', () => {
  it('round-trips Chinese text and matches the bytes protobuf expects', () => {
    expect(toBase64('万元')).toBe('5LiH5YWD');
    expect(fromBase64('5LiH5YWD')).toBe('万元');
    const long = '决算'.repeat(50_000);
    expect(fromBase64(toBase64(long))).toBe(long);
  });
  it('reads an empty field as empty text', () => {
    expect(fromBase64('')).toBe('');
  });
});
