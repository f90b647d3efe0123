import { dev } from '$app/environment';
import { JUROR_PAGE, PAGE_KEPT } from './offline-shell';

/**
 * The page's side of the offline shell: registers the service worker (src/service-worker.ts) and
 * knows once a copy of the juror page is kept, so a reload without a network will work. Service
 * workers need a secure context (HTTPS, or localhost): elsewhere this does nothing, and the tablet
 * still keeps its draft and outbox, only a reload while offline fails.
 */
export class OfflineShell {
	/** A copy of the juror page is kept on this device. */
	ready = $state(false);

	/** Call on mount; returns the clean-up. */
	start(): () => void {
		if (!('serviceWorker' in navigator)) return () => {};
		const container = navigator.serviceWorker;
		const onMessage = (event: MessageEvent) => {
			if (event.data === PAGE_KEPT) this.ready = true;
		};
		container.addEventListener('message', onMessage);
		container.startMessages();
		// In development Vite serves the worker as an ES module.
		container.register('/service-worker.js', { type: dev ? 'module' : 'classic' }).catch(() => {});
		// Kept by an earlier visit (the message above then never comes).
		void caches.match(JUROR_PAGE).then((kept) => {
			if (kept) this.ready = true;
		});
		return () => container.removeEventListener('message', onMessage);
	}
}
