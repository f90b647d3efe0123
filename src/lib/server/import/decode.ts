/**
 * Turns the bytes of a text file into a string the way spreadsheets write them: UTF-8 with or
 * without a BOM, UTF-16 with a BOM (Excel's "Unicode text"), and otherwise Windows-1252 (what an
 * older Excel on Windows saves as "CSV"), detected by the bytes not being valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'utf-16' | 'windows-1252' } {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: utf8(bytes.subarray(3), false), encoding: 'utf-8' };
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16' };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16' };
	try {
		return { text: utf8(bytes, true), encoding: 'utf-8' };
	} catch {
		return { text: windows1252(bytes), encoding: 'windows-1252' };
	}
}

function utf8(bytes: Uint8Array, fatal: boolean): string {
	return new TextDecoder('utf-8', { fatal, ignoreBOM: true }).decode(bytes);
}

// Bytes 0x80–0x9F of Windows-1252 (– — € “ ” …). Node 20's TextDecoder('windows-1252') decodes
// them as Latin-1 control characters, so they are mapped here; newer runtimes already agree.
const C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function windows1252(bytes: Uint8Array): string {
	return new TextDecoder('windows-1252').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => C1[c.charCodeAt(0) - 0x80]);
}

/**
 * Whether bytes look like a binary file rather than text: a NUL byte, or more than 1 % control
 * characters other than tab, line breaks and form feed, in the first 8 KiB. (UTF-16 is decoded
 * before this check is needed, so its NULs do not count.)
 */
export function looksBinary(bytes: Uint8Array): boolean {
	const head = bytes.subarray(0, 8192);
	let control = 0;
	for (const byte of head) {
		if (byte === 0) return true;
		if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
	}
	return control > head.length / 100;
}
