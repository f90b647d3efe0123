/**
 * The database a test app runs on: a fresh SQLite file in a temporary folder, or, when
 * JURI_TEST_DATABASE names a PostgreSQL server (`postgres://…`), a fresh database created on that
 * server for this app and dropped after it. The whole integration suite runs on either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { engineOf, type Engine } from '$lib/server/db';

export interface TestDatabase {
	engine: Engine;
	/** The DATABASE_URL of this database (a file path for SQLite). */
	url: string;
	/** A temporary folder of its own (the SQLite file lives there; key files and backups go there too). */
	dir: string;
	/** Removes the database (and the folder); call after the app's connections are closed. */
	drop(): Promise<void>;
}

/** The PostgreSQL server of this run, or null for SQLite. */
export function testPostgresServer(env: Record<string, string | undefined> = process.env): string | null {
	const url = env.JURI_TEST_DATABASE;
	return url && engineOf(url) === 'postgres' ? url : null;
}

let created = 0;

/**
 * Creates a database on a PostgreSQL server (the URL of any database there the role may connect to)
 * and returns its URL and how to drop it.
 *
 * @example const { url, drop } = await createPostgresDatabase('postgres://juri@127.0.0.1:54329/postgres');
 */
export async function createPostgresDatabase(server: string): Promise<{ url: string; drop(): Promise<void> }> {
	const name = `juri_test_${process.pid}_${++created}_${Math.random().toString(36).slice(2, 8)}`;
	const admin = async (statement: string) => {
		const client = new pg.Client({ connectionString: server });
		await client.connect();
		try {
			await client.query(statement);
		} finally {
			await client.end();
		}
	};
	// template0 with the C collation: every test database sorts text by code point, as SQLite does.
	await admin(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`);
	const url = new URL(server);
	url.pathname = `/${name}`;
	return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A fresh, empty database for one test app, on the engine this run tests.
 *
 * @example const database = await freshTestDatabase(); const db = openDatabase(database.url); … await db.destroy(); await database.drop();
 */
export async function freshTestDatabase(server: string | null = testPostgresServer()): Promise<TestDatabase> {
	const dir = mkdtempSync(join(tmpdir(), 'juri-test-'));
	const removeDir = () => rmSync(dir, { recursive: true, force: true });
	if (!server) return { engine: 'sqlite', url: join(dir, 'juri.sqlite'), dir, drop: async () => removeDir() };
	const { url, drop } = await createPostgresDatabase(server);
	return {
		engine: 'postgres',
		url,
		dir,
		async drop() {
			await drop();
			removeDir();
		}
	};
}

/**
 * The PostgreSQL server a test comparing the engines uses: JURI_TEST_POSTGRES (what `npm test` and
 * CI configure), else this run's JURI_TEST_DATABASE when it is one. Null when none is configured.
 */
export function comparisonPostgresServer(env: Record<string, string | undefined> = process.env): string | null {
	const url = env.JURI_TEST_POSTGRES;
	return url && engineOf(url) === 'postgres' ? url : testPostgresServer(env);
}
