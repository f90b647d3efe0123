/** Rules of secretariat accounts that pages show and the accounts service enforces. */

/** Long enough to resist guessing at scrypt's cost; no composition rules (they make passwords worse, not better). */
export const MIN_PASSWORD_LENGTH = 12;
