// `npm run test:postgres` (part of `npm test`): the integration suite again, on PostgreSQL, when a
// server is configured: JURI_TEST_POSTGRES=postgres://user@host:port/db (a role that may create
// databases; each test app gets a fresh database, dropped after it). Without one it says so and
// passes, so `npm test` passes on a machine without PostgreSQL; under CI=true it fails instead.
import { spawnSync } from 'node:child_process';

const server = process.env.JURI_TEST_POSTGRES;
if (!server) {
	if (process.env.CI === 'true') {
		console.error('[postgres] CI=true but JURI_TEST_POSTGRES is not set: the PostgreSQL run is required on CI (see .ci/run).');
		process.exit(1);
	}
	console.log(
		'[postgres] skipped: JURI_TEST_POSTGRES is not set, so the integration suite ran on SQLite only.\n' +
			'           To run it on PostgreSQL too: JURI_TEST_POSTGRES=$(sudo scripts/postgres-test-cluster.sh start) npm test'
	);
	process.exit(0);
}
if (!/^postgres(ql)?:\/\//.test(server)) {
	console.error(`[postgres] JURI_TEST_POSTGRES must be a postgres:// URL; got ${server}`);
	process.exit(1);
}
console.log(`[postgres] the integration suite on ${server.replace(/\/\/[^@/]*@/, '//…@')}`);
// Files or filters given on the command line (`npm run test:postgres -- results`) narrow the run.
const filters = process.argv.slice(2);
const run = spawnSync('npx', ['vitest', 'run', ...(filters.length > 0 ? filters : ['tests/integration'])], {
	stdio: 'inherit',
	env: { ...process.env, JURI_TEST_DATABASE: server }
});
process.exit(run.status ?? 1);
