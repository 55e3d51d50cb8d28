import { TallyApiError } from '@tally/client-sdk';
import { assertEqual, describe, it } from '../test-helpers.ts';
import { DebouncedSave, dashboardStore, loadSaved } from './dashboard-store.ts';

/** A save whose runs the test finishes one by one. */
function saver() {
  const runs: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  const states: string[] = [];
  const save = new DebouncedSave(
    () => new Promise<void>((resolve, reject) => runs.push({ resolve, reject })),
    () => states.push(save.state),
  );
  return { save, runs, states };
}

describe('DebouncedSave', () => {
  it('makes one save of many changes, and one more for a change made while saving', async () => {
    const { save, runs, states } = saver();
    save.request(60_000);
    save.request(60_000);
    const first = save.flush();
    assertEqual(runs.length, 1, 'one save for two changes');
    save.request(60_000);
    const second = save.flush();
    runs[0]!.resolve();
    await first;
    while (runs.length < 2) await Promise.resolve();
    assertEqual(runs.length, 2, 'the change made during the save is saved after it');
    runs[1]!.resolve();
    await second;
    assertEqual(states, ['pending', 'pending', 'saving', 'pending', 'pending', 'saving', 'saved'], 'states');
  });

  it('keeps a failed change to save again, but not a conflict', async () => {
    const { save, runs } = saver();
    save.request(60_000);
    const failing = save.flush();
    runs[0]!.reject(new TallyApiError('unavailable', 'down', { status: 503 }));
    await failing;
    assertEqual([save.state, save.error?.code], ['failed', 'unavailable'], 'failed');
    const retry = save.flush();
    assertEqual(runs.length, 2, 'flush saves it again');
    runs[1]!.reject(new TallyApiError('conflict', 'stale', { status: 409 }));
    await retry;
    await save.flush();
    assertEqual(runs.length, 2, 'a conflict is not saved again');
  });

  it('cancel forgets what waits', async () => {
    const { save, runs } = saver();
    save.request(60_000);
    save.cancel();
    await save.flush();
    assertEqual([runs.length, save.state], [0, 'idle'], 'nothing saved');
  });
});

describe('dashboard store', () => {
  it('finds the dashboard methods on a client, and reads 404 as none saved', async () => {
    assertEqual(dashboardStore({} as never), undefined, 'a client without them');
    const store = {
      dashboard: () => Promise.reject(new TallyApiError('not_found', 'no dashboard', { status: 404 })),
      saveDashboard: () => Promise.reject(new Error('unused')),
    };
    assertEqual(dashboardStore(store as never) === (store as never), true, 'a client with them');
    assertEqual(await loadSaved(store as never, 'home', new AbortController().signal), null, '404 is null');
  });
});
