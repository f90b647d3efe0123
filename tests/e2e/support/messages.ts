import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './server';

type Catalogue = Record<string, string>;
const catalogues = new Map<string, Catalogue>();

function catalogue(locale: 'id' | 'en'): Catalogue {
	let found = catalogues.get(locale);
	if (!found) {
		const dir = path.join(ROOT, 'messages');
		found = JSON.parse(readFileSync(path.join(dir, `${locale}.json`), 'utf8')) as Catalogue;
		// Each setup area keeps its own file (messages/<area>/<locale>.json, keys prefixed with the area).
		for (const area of readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
			const file = path.join(dir, area.name, `${locale}.json`);
			if (existsSync(file)) found = { ...(JSON.parse(readFileSync(file, 'utf8')) as Catalogue), ...found };
		}
		catalogues.set(locale, found);
	}
	return found;
}

/** A UI string as the app renders it, from messages/<locale>.json or an area's messages/<area>/<locale>.json (Indonesian, the default, unless told). */
export function t(key: string, params: Record<string, string | number> = {}, locale: 'id' | 'en' = 'id'): string {
	const text = catalogue(locale)[key];
	if (typeof text !== 'string') throw new Error(`No message "${key}" in messages/${locale}.json`);
	return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** Escapes a string for use inside a RegExp. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
