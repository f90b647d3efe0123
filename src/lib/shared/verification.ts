/**
 * What the public verification page shows: whether a hash or an uploaded document matches a
 * published results version, which one, whether its signature checks, and which rows differ.
 */
import type { EventZone } from '$lib/domain/setup/event-zone';

/**
 * The version's signature checked with this server's signing key: 'valid'; 'invalid' (the version
 * or the signature was altered); 'unsigned' (published without a key); 'other_key' (signed, but by
 * a key this server no longer signs with: check it with that key's owner).
 */
export type SignatureCheck = 'valid' | 'invalid' | 'unsigned' | 'other_key';

export interface VerifiedVersion {
	evaluationId: string;
	evaluationName: string;
	/** The evaluation's zone: the publication time is shown on its clocks. */
	timeZone: EventZone;
	version: number;
	hash: string;
	decreeNumber: string | null;
	decreeDate: string | null;
	/** Epoch ms. */
	publishedAt: number;
	/** "seq:hash" of the version's own audit row. */
	auditAnchor: string | null;
	/** The fingerprint of the key that signed it. */
	keyFingerprint: string | null;
	/** Whether a later version replaced it. */
	superseded: boolean;
}

/** A field of an annex row that differs between the document and the published version. */
export type RowField = 'rank' | 'prior' | 'presentation' | 'final' | 'qualification';

export type RowDifference =
	| { kind: 'changed'; body: string; field: RowField; inDocument: string; published: string }
	/** A published row the document lacks, or a row of the document the version does not have. */
	| { kind: 'missing' | 'extra'; body: string };

export interface Verification {
	/**
	 * 'genuine': the version exists, its signature checks, the document's rows match it;
	 * 'altered': the document's rows, or the version's signature, do not match;
	 * 'unverified': the rows match, but the signature cannot be checked here (unsigned, another key);
	 * 'unknown': no published version has that hash (or the document names none).
	 */
	verdict: 'genuine' | 'altered' | 'unverified' | 'unknown';
	/** The hash looked up (pasted, or read from the document). */
	hash: string | null;
	version: VerifiedVersion | null;
	signature: SignatureCheck | null;
	/** For an uploaded document: how many rows were compared and which differ. */
	rows: { checked: number; differences: RowDifference[] } | null;
}
