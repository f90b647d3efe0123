/**
 * Who is invited to the presentation stage: bodies whose prior-stage (SAQ) score reaches the
 * passing grade. Pure.
 */
import { roundHalfUp2 } from '../scoring';

/** A score in whole hundredths, as it is shown (two decimals, half up): an exact integer to compare. */
const shownHundredths = (score: number) => Math.round(roundHalfUp2(score) * 100);

/**
 * Whether a body with this prior score is invited: its score as shown (two decimals) is at or
 * above the passing grade as shown. Comparing the shown values means two bodies shown with the
 * same score are never split by the cut, even when one was stored as 59.996 and shown as 60,00.
 *
 * @example isInvited(59.996, 60) // true: shown as 60,00
 * @example isInvited(59.99, 60) // false
 */
export function isInvited(priorScore: number, passingGrade: number): boolean {
	return shownHundredths(priorScore) >= shownHundredths(passingGrade);
}
