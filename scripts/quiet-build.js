// `npm test` builds through this: `vite build`, shown as it runs, failing when its output has a line
// a newcomer would take for a warning. The build is the first thing a new engineer runs; a line in
// warning colours that everyone has learnt to ignore hides the one that matters.
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

/** Lines that read as a problem: a warning or an error word, rollup's "(!)", an empty chunk, a deprecation. */
const NOISE = /\bwarn(ing)?s?\b|\berror\b|\(!\)|empty chunk|deprecat/i;

const build = spawn('npx', ['vite', 'build'], { stdio: ['ignore', 'pipe', 'pipe'] });
const noise = [];
for (const stream of [build.stdout, build.stderr]) {
	let rest = '';
	stream.on('data', (chunk) => {
		process.stdout.write(chunk);
		const lines = (rest + chunk).split('\n');
		rest = lines.pop() ?? '';
		for (const line of lines) {
			// Colour codes are left out of the match ("[33mwarn" is still a warning), and so are the
			// lines listing the files written with their sizes: a file may be called error.js.
			const text = stripVTControlCharacters(line);
			if (NOISE.test(text) && !/\s[\d.,]+ kB\b/.test(text)) noise.push(line);
		}
	});
}
build.on('close', (code) => {
	if (code !== 0) process.exit(code ?? 1);
	if (noise.length > 0) {
		console.error(`\n[build] the build printed ${noise.length} line(s) that read as warnings; fix them or say why they are harmless:`);
		for (const line of noise) console.error(`  ${line}`);
		process.exit(1);
	}
});
