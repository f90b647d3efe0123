import { columnNames } from '$lib/server/import/table';
import { defineWorkerTask } from './run-in-worker';
export const probeTask = defineWorkerTask(import.meta.url, (input: string[]) => columnNames(input).join('|') + ' ' + import.meta.url);
