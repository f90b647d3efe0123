import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt from Node itself: memory-hard like argon2id, with no native package to build.
// N=2^15, r=8, p=1 is OWASP's recommended minimum; maxmem must allow 128·N·r bytes.
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, params, (err, key) => (err ? reject(err) : resolve(key)))
	);
}

/** Returns a self-describing hash: `scrypt$N$r$p$salt$key` (base64). */
export async function hashPassword(password: string): Promise<string> {
	const salt = randomBytes(16);
	const key = await derive(password, salt, PARAMS);
	return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPasswordHash(hash: string, password: string): Promise<boolean> {
	const [scheme, n, r, p, salt, key] = hash.split('$');
	if (scheme !== 'scrypt' || !salt || !key) return false;
	const expected = Buffer.from(key, 'base64');
	const actual = await derive(password, Buffer.from(salt, 'base64'), {
		N: Number(n),
		r: Number(r),
		p: Number(p),
		maxmem: PARAMS.maxmem
	});
	return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A password people can type from a printed sheet: 4 groups of 4 unambiguous characters. */
export function generatePassword(): string {
	return generateReadableCode(16).replace(/(.{4})(?=.)/g, '$1-');
}

const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Random characters from an alphabet without look-alikes (no 0/o, 1/l/i), each equally likely. */
export function generateReadableCode(length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += READABLE[randomInt(READABLE.length)];
	return out;
}
