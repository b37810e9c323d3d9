import { describe, expect, it } from 'vitest';
import { decodeXmlBytes } from './decode-xml-bytes';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === 'string' ? [...new TextEncoder().encode(part)] : part,
    ),
  );

describe('decodeXmlBytes', () => {
  it('drops a UTF-8 byte order mark', () => {
    expect(decodeXmlBytes(bytes([0xef, 0xbb, 0xbf], '<a>Sài Gòn</a>'))).toBe('<a>Sài Gòn</a>');
  });

  it('decodes ISO-8859-1 when the declaration says so', () => {
    const xml = bytes('<?xml version="1.0" encoding="ISO-8859-1"?><a>Usulut', [0xe1], 'n</a>');
    expect(decodeXmlBytes(xml)).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><a>Usulután</a>');
  });

  it('decodes UTF-16LE with its byte order mark', () => {
    const text = '<a>水庫</a>';
    const utf16 = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      utf16[i * 2] = text.charCodeAt(i) & 0xff;
      utf16[i * 2 + 1] = text.charCodeAt(i) >> 8;
    }
    expect(decodeXmlBytes(bytes([0xff, 0xfe], [...utf16]))).toBe(text);
  });

  it('falls back to UTF-8 for an unknown encoding label', () => {
    expect(decodeXmlBytes(bytes('<?xml version="1.0" encoding="x-klingon"?><a>é</a>'))).toBe(
      '<?xml version="1.0" encoding="x-klingon"?><a>é</a>',
    );
  });

  it('reads undeclared bytes as UTF-8', () => {
    expect(decodeXmlBytes(bytes('<a>Thành phố Hồ Chí Minh</a>'))).toBe(
      '<a>Thành phố Hồ Chí Minh</a>',
    );
  });
});
