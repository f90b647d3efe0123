/**
 * Screen texts for the codes the schedule services and forms return (refusal reasons, field
 * problems, warnings, unplaced reasons), and day and span labels on the event's clocks.
 */
import { m } from '$lib/paraglide/messages';
import type { EventZone } from '$lib/domain/setup/event-zone';
import { zonedDay, zonedSpan } from '$lib/shared/event-time';
import type { DescribedWarning, UnplacedReason } from '$lib/domain/setup/schedule';
import { slotStateLabel } from '$lib/components/slot-state-label';
import type { SlotState } from '$lib/domain/live/slot-machine';

const ERRORS: Record<string, (p: Record<string, string>) => string> = {
	required: () => m.schedule_err_required(),
	too_long: () => m.schedule_err_too_long(),
	not_a_link: () => m.schedule_err_not_a_link(),
	not_https: () => m.schedule_err_not_https(),
	has_credentials: () => m.schedule_err_has_credentials(),
	invalid_date: () => m.schedule_err_invalid_date(),
	invalid_time: () => m.schedule_err_invalid_time(),
	invalid_ranges: () => m.schedule_err_invalid_ranges(),
	last_before_first: () => m.schedule_err_last_before_first(),
	too_many_days: () => m.schedule_err_too_many_days(),
	same_slot: () => m.schedule_err_same_slot(),
	forbidden: () => m.schedule_err_forbidden(),
	panel_not_found: () => m.schedule_err_panel_not_found(),
	panel_name_taken: () => m.schedule_err_panel_name_taken(),
	panel_has_slots: () => m.schedule_err_panel_has_slots(),
	panel_frozen: () => m.schedule_err_panel_frozen(),
	not_a_chair: () => m.schedule_err_not_a_chair(),
	chair_taken: (p) => m.schedule_err_chair_taken({ panel: p.panel ?? '' }),
	not_a_juror: () => m.schedule_err_not_a_juror(),
	juror_seated_elsewhere: (p) => m.schedule_err_juror_seated_elsewhere({ panel: p.panel ?? '' }),
	juror_already_seated: () => m.schedule_err_juror_already_seated(),
	juror_not_seated: () => m.schedule_err_juror_not_seated(),
	window_not_found: () => m.schedule_err_window_not_found(),
	window_overlap: () => m.schedule_err_window_overlap(),
	slot_not_found: () => m.schedule_err_slot_not_found(),
	slot_not_scheduled: (p) => m.schedule_err_slot_not_scheduled({ body: p.body ?? '' }),
	slot_started_since_preview: (p) => m.schedule_err_slot_started_since_preview({ bodies: p.bodies ?? '' }),
	proposal_invalid: () => m.schedule_err_proposal_invalid(),
	evaluation_not_found: () => m.schedule_err_evaluation_not_found()
};

/** The message for an error code; unknown codes (a schema's own wording) get the generic one. */
export function errorText(code: string | undefined, params: Record<string, string> = {}): string {
	if (!code) return '';
	return (ERRORS[code] ?? (() => m.error_invalid_input()))(params);
}

export function warningText(w: DescribedWarning): string {
	switch (w.kind) {
		case 'conflict':
			return m.schedule_warn_conflict({ jurors: w.jurors.join(', ') });
		case 'outside_windows':
			return m.schedule_warn_outside_windows();
		case 'overlap':
			return m.schedule_warn_overlap({ bodies: w.bodies.join(', ') });
		case 'category_split':
			return m.schedule_warn_category_split({ category: w.category });
		case 'below_quorum':
			return [
				w.jurors.length > 0
					? m.schedule_warn_below_quorum_recused({ eligible: w.eligible, quorum: w.quorum, jurors: w.jurors.join(', ') })
					: m.schedule_warn_below_quorum_seats({ eligible: w.eligible, quorum: w.quorum }),
				// Only what can work: never "reopen scoring" (a recused juror never scores).
				...(w.panels.length > 0 ? [m.schedule_warn_below_quorum_move({ panels: w.panels.join(', ') })] : []),
				...(w.canSeat ? [m.schedule_warn_below_quorum_seat()] : []),
				...(w.panels.length === 0 && !w.canSeat ? [m.schedule_warn_below_quorum_settings()] : [])
			].join(' ');
	}
}

export function unplacedText(reason: UnplacedReason): string {
	return { no_rooms: m.schedule_unplaced_no_rooms, no_windows: m.schedule_unplaced_no_windows, no_time: m.schedule_unplaced_no_time }[
		reason
	]();
}

/** A day heading on the event's clocks, whatever the viewer's own zone: "Sabtu, 28 November 2026". */
export const dayLabel = (epochMs: number, zone: EventZone) => zonedDay(epochMs, zone, { weekday: true });

/** "08.00–08.35 WIB" on the event's clocks. */
export const spanLabel = (start: number, end: number, zone: EventZone) => zonedSpan(start, end, zone);

/** Export and print rows carry the state as stored text. */
export const stateText = (state: string) => slotStateLabel(state as SlotState);
