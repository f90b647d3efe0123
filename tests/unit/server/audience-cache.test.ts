import { describe, expect, test } from 'vitest';
import { AudienceCache } from '$lib/server/realtime/audience-cache';
import type { Snapshot } from '$lib/shared/contracts';

/** A builder that counts its builds and finishes when the test says so. */
function countingBuilder() {
	let builds = 0;
	const pending: ((s: Snapshot) => void)[] = [];
	const build = (evaluationId: string) =>
		new Promise<Snapshot>((resolve, reject) => {
			builds++;
			if (evaluationId === 'unknown') return reject(new Error('not found'));
			pending.push(resolve);
		});
	const finish = (version: number) => {
		for (const resolve of pending.splice(0)) resolve({ view: 'audience', version, serverNow: 0, data: {} as Snapshot['data'] });
	};
	return { build, finish, builds: () => builds };
}

describe('AudienceCache', () => {
	test('2,000 syncs at once share one build, each stamped with the time it is served', async () => {
		const builder = countingBuilder();
		let clock = 5;
		const cache = new AudienceCache(builder.build, () => clock++);
		const all = Promise.all(Array.from({ length: 2000 }, () => cache.get('e1')));
		builder.finish(7);
		const snapshots = await all;
		expect(builder.builds()).toBe(1);
		expect(new Set(snapshots.map((s) => s.version))).toEqual(new Set([7]));
		expect(new Set(snapshots.map((s) => s.serverNow)).size).toBe(2000);
		await cache.get('e1');
		expect(builder.builds()).toBe(1);
	});

	test('a public change makes the next request build the new version; requests made before it keep the build they share', async () => {
		const builder = countingBuilder();
		const cache = new AudienceCache(builder.build);
		const before = cache.get('e1');
		cache.invalidate('e1');
		const after = cache.get('e1');
		expect(builder.builds()).toBe(2);
		builder.finish(8);
		expect((await before).version).toBe(8);
		expect((await after).version).toBe(8);
	});

	test('a failed build is not kept', async () => {
		const builder = countingBuilder();
		const cache = new AudienceCache(builder.build);
		await expect(cache.get('unknown')).rejects.toThrow('not found');
		await expect(cache.get('unknown')).rejects.toThrow('not found');
		expect(builder.builds()).toBe(2);
	});
});
