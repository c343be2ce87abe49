import { describe, expect, it } from 'vitest';
import { FileTooLarge, readPickedFile } from '../../../renderer/import/readFile';

const HEADER = 'First name,Last name\r\nJosé,Ñúñez\r\n';

describe('reading a picked file as other systems write it', () => {
  it('reads UTF-8 with or without its byte-order mark, UTF-16 as Excel writes it, and Windows-1252', async () => {
    const utf8 = new TextEncoder().encode(HEADER);
    expect(await readPickedFile(new File([utf8], 'a.csv'), 1000)).toBe(HEADER);
    expect(await readPickedFile(new File([new Uint8Array([0xef, 0xbb, 0xbf]), utf8], 'b.csv'), 1000)).toBe(HEADER);

    const utf16 = new Uint8Array(2 + HEADER.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < HEADER.length; i += 1) utf16.set([HEADER.charCodeAt(i) & 0xff, HEADER.charCodeAt(i) >> 8], 2 + i * 2);
    expect(await readPickedFile(new File([utf16], 'c.csv'), 1000)).toBe(HEADER);

    // "José" in Windows-1252: é is the single byte 0xE9, which is not UTF-8.
    const windows = new Uint8Array([0x4a, 0x6f, 0x73, 0xe9]);
    expect(await readPickedFile(new File([windows], 'd.csv'), 1000)).toBe('José');
  });

  it('refuses a file longer than the limit, read or unread', async () => {
    await expect(readPickedFile(new File(['x'.repeat(11)], 'e.csv'), 10)).rejects.toBeInstanceOf(FileTooLarge);
    await expect(readPickedFile(new File(['x'.repeat(25)], 'f.csv'), 10)).rejects.toBeInstanceOf(FileTooLarge);
    expect(await readPickedFile(new File(['x'.repeat(10)], 'g.csv'), 10)).toBe('x'.repeat(10));
  });
});
