import { fileSlug } from '$lib/server/documents/files';
import type { ServiceContext } from '$lib/server/services/context';

/** "jadwal-monev-kip-2023-presentasi.csv": the evaluation's name, safe for a header and a file system. */
export async function fileName(ctx: ServiceContext, evaluationId: string, extension: string): Promise<string> {
	const evaluation = await ctx.db.selectFrom('evaluations').select('name').where('id', '=', evaluationId).executeTakeFirst();
	return `jadwal-${fileSlug(evaluation?.name ?? 'evaluasi')}.${extension}`;
}
