// `npm run audit:verify`: checks the hash chain of the audit log in DATABASE_URL and names every
// row changed, removed or inserted outside the app. Exits 1 when the chain is broken.
import { verifyAuditChain } from './audit';
import { DEFAULT_DATABASE_URL, openDatabase } from './db/index';

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
const db = openDatabase(url);
try {
	const { count } = await db
		.selectFrom('audit_log')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.executeTakeFirstOrThrow();
	const breaks = await verifyAuditChain(db);
	if (breaks.length === 0) {
		console.log(`Audit log of ${url} is intact: ${count} rows, hash chain verified.`);
	} else {
		for (const b of breaks) console.log(`row ${b.seq}: ${b.problem}`);
		console.log(`Audit log of ${url} is BROKEN at ${breaks.length} place(s).`);
		process.exitCode = 1;
	}
} finally {
	await db.destroy();
}
