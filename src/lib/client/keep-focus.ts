/**
 * Keeps keyboard focus inside a group of controls whose buttons come and go with the state they
 * drive (the chair's console: "Start presentation" gives way to "Start Q&A", then "Open
 * scoring"…). A focused button that is removed or disabled drops focus to the page's top, and a
 * keyboard user would have to tab through the whole page again after every command. When that
 * happens, focus goes back to the button that had it if it is usable again, else to the group's
 * first enabled button, as soon as there is one. It is left alone once focus is somewhere else
 * or the pointer was used outside the group.
 *
 * A Svelte attachment: `<section {@attach keepFocus}>`.
 */
export function keepFocus(group: HTMLElement): () => void {
	/** Focus was last inside the group (and has not been put anywhere else since). */
	let held = false;
	let last: HTMLElement | null = null;

	const onFocusIn = (event: FocusEvent) => {
		held = event.target instanceof HTMLElement && group.contains(event.target);
		if (held) last = event.target as HTMLElement;
	};
	const onPointerDown = (event: PointerEvent) => {
		if (!(event.target instanceof Node && group.contains(event.target))) held = false;
	};
	const usable = (el: HTMLElement | null): el is HTMLElement => !!el && el.isConnected && !(el as HTMLButtonElement).disabled;

	// Removing or disabling the focused button fires no focus event on the document, so watch the
	// group's buttons change instead.
	const observer = new MutationObserver(() => {
		const active = document.activeElement;
		if (!held || (active && active !== document.body)) return;
		const target = usable(last) ? last : group.querySelector<HTMLButtonElement>('button:not(:disabled)');
		target?.focus();
	});

	document.addEventListener('focusin', onFocusIn);
	document.addEventListener('pointerdown', onPointerDown);
	observer.observe(group, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
	return () => {
		observer.disconnect();
		document.removeEventListener('focusin', onFocusIn);
		document.removeEventListener('pointerdown', onPointerDown);
	};
}
