/** What the documents hub (/admin/e/[id]/documents) lists: the types its page and its service share. */

export interface HubSlot {
	id: string;
	bodyName: string;
	/** Planned start, epoch ms. */
	start: number;
	state: string;
	/** Jurors with a sheet for the slot. */
	sheets: number;
}

export interface HubPanelDay {
	/** YYYY-MM-DD (WIB). */
	day: string;
	slots: HubSlot[];
}

export interface HubPanel {
	id: string;
	name: string;
	room: string;
	days: HubPanelDay[];
}

export interface HubVersion {
	version: number;
	publishedAt: number;
	reason: string;
	decreeNumber: string | null;
	decreeDate: string | null;
}

export interface DocumentsHub {
	/** Published versions, newest first. */
	versions: HubVersion[];
	panels: HubPanel[];
	visitation: { rule: boolean; shortlisted: number; visits: number };
}
