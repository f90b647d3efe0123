/**
 * Audit anchors: the head of the audit log (sequence number and hash of its newest row) written down
 * somewhere the database cannot change it — a published results version, a certification, an
 * exported document, a note in the secretariat's minutes. A row's hash covers every row before it,
 * so one anchor pins the whole log up to its row: the log may grow, but never lose or change a row
 * at or before an anchor without the anchor showing it.
 */

/** The newest row of the audit log at some moment: `{ seq: 1234, hash: '9f…' }` (SHA-256, 64 hex). */
export interface AuditHead {
	seq: number;
	hash: string;
}

/** An anchor and where it was read, so a finding can name it ("results version 2", "--anchor"). */
export interface AuditAnchor extends AuditHead {
	source: string;
}

export type AnchorFinding =
	/** The log ends before the anchor's row: rows were removed from its tail. */
	| { kind: 'truncated'; anchor: AuditAnchor; lastSeq: number }
	/** The row at the anchor's seq has another hash: it, or a row before it, was rewritten. */
	| { kind: 'rewritten'; anchor: AuditAnchor; actualHash: string }
	/** No row at the anchor's seq although later rows exist: a row was removed (the chain walk names the gap too). */
	| { kind: 'missing'; anchor: AuditAnchor };

const ANCHOR_TEXT = /^(\d{1,15}):([0-9a-f]{64})$/;

/**
 * Reads an anchor as it is printed: `<seq>:<hash>` with the full 64-hex hash (case-insensitive).
 * Returns null for anything else, so a mistyped anchor is refused rather than half-checked.
 *
 * @example parseAnchor('42:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08') // → { seq: 42, hash: '9f86…' }
 */
export function parseAnchor(text: string): AuditHead | null {
	const match = ANCHOR_TEXT.exec(text.trim().toLowerCase());
	if (!match) return null;
	const seq = Number(match[1]);
	return seq >= 1 ? { seq, hash: match[2] } : null;
}

/**
 * The printed form of an anchor, the one `parseAnchor` and `npm run audit:verify -- --anchor` read.
 *
 * @example formatAnchor({ seq: 42, hash: '9f86…' }) // → '42:9f86…'
 */
export function formatAnchor(head: AuditHead): string {
	return `${head.seq}:${head.hash}`;
}

/**
 * Compares anchors with the log as it is now. `hashAt` gives the stored hash of the row at a seq
 * (undefined when there is none) and `lastSeq` the newest row's seq (0 for an empty log).
 * An anchor that matches says nothing is missing or changed up to its row.
 *
 * @example checkAnchors([{ seq: 9, hash: 'ab…', source: '--anchor' }], (seq) => hashes.get(seq), 7) // → [{ kind: 'truncated', … lastSeq: 7 }]
 */
export function checkAnchors(
	anchors: readonly AuditAnchor[],
	hashAt: (seq: number) => string | undefined,
	lastSeq: number
): AnchorFinding[] {
	const findings: AnchorFinding[] = [];
	for (const anchor of anchors) {
		if (anchor.seq > lastSeq) {
			findings.push({ kind: 'truncated', anchor, lastSeq });
			continue;
		}
		const actual = hashAt(anchor.seq);
		if (actual === undefined) findings.push({ kind: 'missing', anchor });
		else if (actual !== anchor.hash) findings.push({ kind: 'rewritten', anchor, actualHash: actual });
	}
	return findings;
}
