/**
 * Starts the production build (`node server.js`) on a fresh temporary SQLite database and a free
 * port, waits for the start-up banner and parses the one-time join links it prints.
 * Used by the global setup (the shared server), by specs that need their own isolated server and
 * by scripts/screenshots.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export type PersonRole = 'chair' | 'juror' | 'presenter';

export interface Person {
	role: PersonRole;
	name: string;
	/** "Panel A · Ruang Merapi" for chairs and jurors, "Panel A · #1" for presenters. */
	detail: string;
	/** "Panel A" */
	panel: string;
	/** The one-time join link and its code. */
	link: string;
	code: string;
}

export interface ServerInfo {
	baseURL: string;
	adminPassword: string;
	people: Person[];
	pid: number;
	dir: string;
	logFile: string;
}

export interface RunningServer extends ServerInfo {
	stop(): Promise<void>;
}

const ROLE_OF: Record<string, PersonRole> = { Chair: 'chair', Juror: 'juror', Presenter: 'presenter' };

/**
 * The start-up banner in a server's output: as printed on a terminal, or, when the output is not a
 * terminal (a pipe, as here), the `banner` of the JSON log line the server writes instead.
 */
export function bannerText(output: string): string {
	for (const line of output.split('\n')) {
		if (!line.startsWith('{')) continue;
		try {
			const entry = JSON.parse(line) as { msg?: unknown; banner?: unknown };
			if (entry.msg === 'started' && typeof entry.banner === 'string') return entry.banner;
		} catch {
			// not a log line
		}
	}
	return output;
}

/** Parses the banner's join-link lines: `  Juror      Siti Rahmawati, M.Si.   Panel A · Ruang Merapi   http://…/join/<code>`. */
export function parseBanner(output: string): Person[] {
	const people: Person[] = [];
	for (const line of bannerText(output).split('\n')) {
		const match = /^ {2}(Chair|Juror|Presenter)\s+(.+?)\s+(Panel \S+ · .+?)\s+(https?:\/\/\S+\/join\/(\S+))\s*$/.exec(line);
		if (!match) continue;
		const [, role, name, detail, link, code] = match;
		people.push({ role: ROLE_OF[role], name, detail, panel: detail.split(' · ')[0], link, code });
	}
	return people;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.unref();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), ms);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

export interface StartOptions {
	adminPassword?: string;
	/** Name shown in the temporary directory, to tell the servers' logs apart. */
	label?: string;
	timeoutMs?: number;
	/** Extra environment for the server (configuration under test). */
	env?: Record<string, string>;
	/** Whether the banner must list join links: false for a process joining a database another one seeded. */
	joinLinks?: boolean;
}

/** Starts one server with its own database; resolves once it serves /live and the banner is complete. */
export async function startJuriServer(options: StartOptions = {}): Promise<RunningServer> {
	const entry = path.join(ROOT, 'server.js');
	if (!existsSync(path.join(ROOT, 'build', 'handler.js'))) {
		throw new Error('No production build in ./build: run `npm run build` before the end-to-end tests.');
	}
	const dir = mkdtempSync(path.join(tmpdir(), `juri-e2e-${options.label ?? 'server'}-`));
	const port = await freePort();
	const baseURL = `http://127.0.0.1:${port}`;
	const adminPassword = options.adminPassword ?? 'e2e-admin-Passw0rd';
	const logFile = path.join(dir, 'server.log');
	const log = createWriteStream(logFile);
	const child = spawn(process.execPath, [entry], {
		cwd: ROOT,
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: baseURL,
			DATABASE_URL: path.join(dir, 'juri.sqlite'),
			JURI_ADMIN_PASSWORD: adminPassword,
			JURI_SEED_DEMO: '1',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stdout = '';
	child.stdout!.setEncoding('utf8');
	child.stdout!.on('data', (chunk: string) => {
		stdout += chunk;
		log.write(chunk);
	});
	let stderrTail = '';
	child.stderr!.setEncoding('utf8');
	child.stderr!.on('data', (chunk: string) => {
		log.write(chunk);
		stderrTail = (stderrTail + chunk).slice(-4000);
	});
	// A server that dies under a test takes its log with it (the directory is removed at stop): say
	// why here, where the test run's output shows it.
	let stopping = false;
	child.once('exit', (code, signal) => {
		if (stopping) return;
		console.error(
			`[e2e] server.js (${options.label ?? 'server'}, ${baseURL}) exited unexpectedly: code ${code}, signal ${signal}\n` +
				`--- stdout (end) ---\n${stdout.slice(-4000)}\n--- stderr (end) ---\n${stderrTail}`
		);
	});

	const stop = async () => {
		stopping = true;
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			if (!(await waitForExit(child, 12_000))) child.kill('SIGKILL');
		}
		log.end();
		rmSync(dir, { recursive: true, force: true });
	};

	const deadline = Date.now() + (options.timeoutMs ?? 30_000);
	try {
		// 1. The banner's first line is printed when the server listens.
		while (!stdout.includes('Juri is running at')) {
			if (child.exitCode !== null) throw new Error(`server.js exited with code ${child.exitCode}; see ${logFile}`);
			if (Date.now() > deadline) throw new Error(`server.js printed no start banner in time; see ${logFile}`);
			await new Promise((r) => setTimeout(r, 50));
		}
		// 2. It answers HTTP; by then the whole banner (one console.log) has been written to the pipe.
		for (;;) {
			try {
				const res = await fetch(`${baseURL}/live`);
				if (res.ok) break;
			} catch {
				// not yet
			}
			if (Date.now() > deadline) throw new Error(`server.js does not answer on ${baseURL}; see ${logFile}`);
			await new Promise((r) => setTimeout(r, 50));
		}
		// 3. Let our side drain the pipe: the banner ends with a newline and nothing follows it.
		let last = '';
		while (stdout !== last || !stdout.endsWith('\n')) {
			last = stdout;
			await new Promise((r) => setTimeout(r, 100));
			if (Date.now() > deadline) break;
		}
		const people = parseBanner(stdout);
		if (options.joinLinks === false) return { baseURL, adminPassword, people, pid: child.pid!, dir, logFile, stop };
		if (!people.some((p) => p.role === 'chair') || !people.some((p) => p.role === 'juror') || !people.some((p) => p.role === 'presenter')) {
			throw new Error(`The start banner has no join links (was the database empty?):\n${stdout}`);
		}
		return { baseURL, adminPassword, people, pid: child.pid!, dir, logFile, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
