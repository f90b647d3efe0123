/**
 * Whether a closed slot can be certified, from its jurors' entries and the quorum: the one rule
 * the server enforces and the chair's console reads before offering "certify", so the console
 * never offers what the server would refuse, nor advises reopening scoring when it cannot help.
 */
export interface JurorStatus {
	jurorId: string;
	status: 'scored' | 'recused' | 'absent';
}

export interface CertificationReadiness {
	quorum: number;
	validCount: number;
	recusedCount: number;
	/** Seated, not recused, no sheet: the jurors who could still score if scoring reopened. */
	absentIds: string[];
	quorumMet: boolean;
	/** Reopening scoring could reach the quorum: enough jurors who are not recused have yet to score. */
	reopenHelps: boolean;
}

/**
 * @example certificationReadiness([{ jurorId: 'a', status: 'scored' }, { jurorId: 'b', status: 'recused' }], 2)
 * // { validCount: 1, recusedCount: 1, quorumMet: false, reopenHelps: false, … }
 */
export function certificationReadiness(entries: readonly JurorStatus[], quorum: number): CertificationReadiness {
	const validCount = entries.filter((e) => e.status === 'scored').length;
	const absentIds = entries.filter((e) => e.status === 'absent').map((e) => e.jurorId);
	return {
		quorum,
		validCount,
		recusedCount: entries.filter((e) => e.status === 'recused').length,
		absentIds,
		quorumMet: validCount >= quorum,
		reopenHelps: validCount + absentIds.length >= quorum
	};
}
