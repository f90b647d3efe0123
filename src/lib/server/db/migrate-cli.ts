// `npm run db:migrate`: applies pending migrations to DATABASE_URL and exits.
import { DEFAULT_DATABASE_URL, migrateToLatest, openDatabase, printableUrl } from './index';

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const db = openDatabase(url);
try {
	const { results = [] } = await migrateToLatest(db);
	for (const r of results) console.log(`${r.status}: ${r.migrationName}`);
	console.log(results.length ? `Migrated ${printableUrl(url)}` : `${printableUrl(url)} is up to date`);
} finally {
	await db.destroy();
}
