/**
 * The text of a file the person picked, read here in the window: no path crosses the bridge, only
 * the text, within the limit the channel's schema names. Other systems write UTF-8 (with or without
 * a byte-order mark), Excel on Windows writes its own code page or UTF-16; each is read as written.
 */
export class FileTooLarge extends Error {}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    // Drops a UTF-8 byte-order mark; refuses bytes that are not UTF-8.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The file's text, or FileTooLarge when it holds more characters than `limit`. */
export async function readPickedFile(file: File, limit: number): Promise<string> {
  // A character takes at least one byte (two in UTF-16): a file of more bytes than that is too large unread.
  if (file.size > limit * 2) throw new FileTooLarge();
  const text = decode(new Uint8Array(await file.arrayBuffer()));
  if (text.length > limit) throw new FileTooLarge();
  return text;
}
