import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { OccurrenceRef } from '../../shared/appointment';
import type { PatientForm, PatientModeStatus, SelfHarmAlert } from '../../shared/feedback';
import { DEFAULT_PREFERENCES, startViewOf, type View } from '../../shared/preferences';
import type { LockReason, RecoverySheet, RestoredBackup, SetAsideNotice as SetAsideNoticeData, VaultStatus } from '../../shared/vault';
import { asAppError, call, subscribe, whenPatientModeFound } from '../bridge/client';
import { whenVaultFoundLocked } from '../bridge/queries';
import { removeStrayText } from '../components/strayText';
import { VaultControlsContext, type BeforeLock } from '../components/vaultControls';
import { explain } from '../errors/explain';
import { PatientModeScreen, SelfHarmAlertDialog } from '../feedback';
import { applyTheme } from '../theme/theme';
import { Recover } from './Recover';
import { RecoverySheetScreen } from './RecoverySheetScreen';
import { SetAsideNotice } from './SetAsideNotice';
import { SetUp } from './SetUp';
import { JoinVault } from '../sync';
import { VaultScreen } from './VaultScreen';
import { Damaged, Unlock, Unreachable } from './Unlock';

type Screen =
  | { name: 'checking' }
  | { name: 'set-up' }
  /** First start, on a device joining a vault another device already has. */
  | { name: 'join' }
  | { name: 'recovery-sheet'; sheet: RecoverySheet }
  | { name: 'unlock'; reason: LockReason | null; restored?: RestoredBackup | undefined }
  | { name: 'recover' }
  | { name: 'damaged'; message: string }
  | { name: 'unreachable'; message: string }
  | { name: 'unlocked' }
  /** The laptop is with the patient: the window shows their forms and nothing else. */
  | { name: 'patient-mode'; status: PatientModeStatus };

const DAMAGED_FALLBACK = 'The vault files in the data folder could not be read.';

/**
 * How long a lock waits for pending saves: under the three seconds after which the main process
 * locks on its own once it has asked the window to. A save that hangs must not keep the records open.
 */
const BEFORE_LOCK_TIMEOUT_MS = 2_500;

/** Runs every registered piece of work, at most until the timeout; a failure never stops the lock. */
async function finishPendingWork(work: ReadonlySet<BeforeLock>): Promise<void> {
  if (work.size === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, BEFORE_LOCK_TIMEOUT_MS);
  });
  const all = Promise.allSettled([...work].map((run) => run())).then(() => undefined);
  await Promise.race([all, timeout]);
  clearTimeout(timer);
}

/**
 * Decides what the window may show from the vault's state. Everything clinical lives below
 * it and is unmounted whenever the vault locks.
 */
/** The view the window opens on when the vault unlocks (a preference). */
export type StartView = View;

export type VaultGateProps = {
  children: ReactNode;
  /**
   * The unlock screen is showing, and this view will open after it: its script can load while the
   * passphrase is typed (a script holds no clinical data).
   */
  onUnlockShown?: (startView: View) => void;
  /** The vault just unlocked, before anything below is drawn: the first view's data can be asked for now. */
  onUnlocked?: (startView: View) => void;
};

export function VaultGate({ children, onUnlockShown, onUnlocked }: VaultGateProps) {
  const queryClient = useQueryClient();
  const [screen, setScreen] = useState<Screen>({ name: 'checking' });
  const [openings, setOpenings] = useState(0);
  const [startView, setStartView] = useState<View>(startViewOf(DEFAULT_PREFERENCES));
  /** Item-9 answers given while the patient held the laptop, for the clinician once it is back. */
  const [selfHarmAlerts, setSelfHarmAlerts] = useState<SelfHarmAlert[]>([]);

  // Read from event handlers that outlive a render.
  const screenRef = useRef(screen);
  screenRef.current = screen;
  const startViewRef = useRef(startView);
  startViewRef.current = startView;
  const isUnlockShown = screen.name === 'unlock';
  useEffect(() => {
    if (isUnlockShown) onUnlockShown?.(startView);
  }, [isUnlockShown, startView, onUnlockShown]);
  const beforeLock = useRef(new Set<BeforeLock>());
  /**
   * Whose forms the patient holds (in memory only, never shown). A lock also ends patient mode but
   * answers no item-9 notice: the patient's chart is asked for it once the clinician unlocks.
   */
  const handedOver = useRef<string | null>(null);
  const checkAfterUnlock = useRef<string | null>(null);
  /** Files the vault set aside; any status may carry them, once. */
  const [setAside, setSetAside] = useState<SetAsideNoticeData[]>([]);
  const noteSetAside = useCallback((status: VaultStatus) => {
    const moved = status.setAside;
    if (moved && moved.length > 0) setSetAside((shown) => [...shown, ...moved]);
  }, []);

  const showStatus = useCallback(
    async (status: VaultStatus): Promise<void> => {
      noteSetAside(status);
      switch (status.state) {
        case 'new':
          setScreen({ name: 'set-up' });
          return;
        case 'setting-up': {
          // The recovery sheet was shown in a window that is gone and cannot be shown again: start over.
          const fresh = await call('vault:cancelSetup', {});
          if (fresh.state === 'setting-up') {
            setScreen({ name: 'unreachable', message: 'The unfinished set-up could not be cancelled. Quit Alliance and start it again.' });
          } else {
            await showStatus(fresh);
          }
          return;
        }
        case 'locked':
          setScreen(status.restored ? { name: 'unlock', reason: 'restored', restored: status.restored } : { name: 'unlock', reason: null });
          return;
        case 'damaged':
          setScreen({ name: 'damaged', message: status.message ?? DAMAGED_FALLBACK });
          return;
        case 'unlocked':
          setOpenings((n) => n + 1);
          setScreen({ name: 'unlocked' });
          return;
      }
    },
    [noteSetAside],
  );

  /** Nothing of any chart may stay behind: drop every cached answer, as a lock does, and unmount the routes. */
  const showPatientMode = useCallback(
    (status: PatientModeStatus) => {
      const next: Screen = { name: 'patient-mode', status };
      screenRef.current = next;
      queryClient.clear();
      removeStrayText();
      setSelfHarmAlerts([]);
      setScreen(next);
    },
    [queryClient],
  );

  const check = useCallback(async () => {
    setScreen({ name: 'checking' });
    try {
      const preferences = await call('preferences:get', {});
      applyTheme(preferences.theme);
      setStartView(startViewOf(preferences));
    } catch {
      // Preferences only choose the theme and first view; the defaults serve if they cannot be read.
    }
    try {
      // In patient mode every other channel is refused: a window (re)started then shows the patient's screen.
      const patientMode = await call('patientMode:status', {});
      if (patientMode.active) {
        showPatientMode(patientMode);
        return;
      }
      await showStatus(await call('vault:status', {}));
    } catch (caught) {
      setScreen({ name: 'unreachable', message: explain(asAppError(caught)) });
    }
  }, [showStatus, showPatientMode]);

  useEffect(() => {
    void check();
  }, [check]);

  /**
   * Empties every clinical view: drop all cached answers and unmount the routes. The router's
   * location is left as it was (in memory only), so unlocking returns the person to it.
   */
  const lockedAway = useCallback(
    (reason: LockReason) => {
      // A lock also ends patient mode (the main process ends it); unlocking needs the passphrase.
      if (screenRef.current.name !== 'unlocked' && screenRef.current.name !== 'patient-mode') return;
      if (screenRef.current.name === 'patient-mode' && handedOver.current !== null) checkAfterUnlock.current = handedOver.current;
      handedOver.current = null;
      // The Lock button's answer and the vault:locked event both arrive here; only the first counts.
      screenRef.current = { name: 'unlock', reason };
      queryClient.clear();
      removeStrayText();
      setSelfHarmAlerts([]);
      setScreen({ name: 'unlock', reason });
    },
    [queryClient],
  );

  const enter = useCallback(
    (status: VaultStatus) => {
      noteSetAside(status);
      if (status.state !== 'unlocked') {
        void showStatus(status);
        return;
      }
      // The unlock call's answer and the vault:unlocked event both arrive here; only the first counts.
      if (screenRef.current.name === 'unlocked') return;
      onUnlocked?.(startViewRef.current);
      screenRef.current = { name: 'unlocked' };
      setOpenings((n) => n + 1);
      setScreen({ name: 'unlocked' });
      const patientId = checkAfterUnlock.current;
      checkAfterUnlock.current = null;
      if (patientId !== null) {
        void call('feedback:trends', { patientId })
          .then((trends) => setSelfHarmAlerts(trends.selfHarmAlerts))
          .catch(() => {
            // The chart's header still shows any item-9 answer not acknowledged.
          });
      }
    },
    [showStatus, noteSetAside, onUnlocked],
  );

  // A call that finds the vault locked (an event missed while asleep, say) locks the window too.
  useEffect(() => whenVaultFoundLocked(() => lockedAway('manual')), [lockedAway]);

  // A call refused because the patient holds the laptop: ask what patient mode is, and show only that.
  useEffect(
    () =>
      whenPatientModeFound(() => {
        void call('patientMode:status', {})
          .then((status) => {
            if (!status.active) return;
            if (screenRef.current.name === 'patient-mode') setScreen({ name: 'patient-mode', status });
            else showPatientMode(status);
          })
          .catch(() => {
            // The main process answers this channel whatever the vault's state; if it cannot, the next call tries again.
          });
      }),
    [showPatientMode],
  );

  const enterPatientMode = useCallback(
    async (ref: OccurrenceRef, forms: PatientForm[], patientId: string) => {
      // Nothing saves while the patient holds the laptop: a draft typed a second ago goes in now.
      await finishPendingWork(beforeLock.current);
      const status = await call('patientMode:enter', { ref, forms });
      handedOver.current = patientId;
      showPatientMode(status);
    },
    [showPatientMode],
  );

  /** The clinician's passphrase ended patient mode: a fresh window, and any item-9 answer for them alone. */
  const leftPatientMode = useCallback(
    (alerts: SelfHarmAlert[]) => {
      handedOver.current = null;
      screenRef.current = { name: 'unlocked' };
      queryClient.clear();
      setOpenings((n) => n + 1);
      setSelfHarmAlerts(alerts);
      setScreen({ name: 'unlocked' });
    },
    [queryClient],
  );

  // Saves first (a draft typed a second ago is in no database yet), then locks.
  const lockNow = useCallback(async () => {
    await finishPendingWork(beforeLock.current);
    await call('vault:lock', {});
    lockedAway('manual');
  }, [lockedAway]);

  const registerBeforeLock = useCallback((work: BeforeLock) => {
    beforeLock.current.add(work);
    return () => {
      beforeLock.current.delete(work);
    };
  }, []);

  useEffect(
    () =>
      subscribe((event) => {
        if (event.type === 'vault:locked') {
          lockedAway(event.reason);
          // The check after unlock found damage: show what, rather than a passphrase prompt. After a
          // restore, the status says which backup is now the vault.
          if (event.reason === 'damaged' || event.reason === 'restored') void check();
        }
        if (event.type === 'vault:unlocked' && (screenRef.current.name === 'unlock' || screenRef.current.name === 'recover')) {
          enter({ state: 'unlocked' });
        }
        // The application menu asked to lock: save, then lock from here, as the Lock button does.
        if (event.type === 'vault:lockRequested' && screenRef.current.name === 'unlocked') {
          void lockNow().catch(() => {
            // The main process locks anyway a moment later; its vault:locked event empties the window.
          });
        }
        // Nothing is pending in patient mode: the patient's answers go in as each form is sent.
        if (event.type === 'vault:lockRequested' && screenRef.current.name === 'patient-mode') {
          void call('vault:lock', {})
            .then(() => lockedAway('manual'))
            .catch(() => {
              // As above: the main process locks anyway, and its event empties the window.
            });
        }
        // The idle lock is near and cannot wait for the person: what they typed is saved now.
        if (event.type === 'vault:idleWarning' && screenRef.current.name === 'unlocked') void finishPendingWork(beforeLock.current);
      }),
    [lockedAway, enter, lockNow, check],
  );

  const controls = useMemo(
    () => ({ lockNow, registerBeforeLock, startView, enterPatientMode }),
    [lockNow, registerBeforeLock, startView, enterPatientMode],
  );

  const notice = setAside.length > 0 ? <SetAsideNotice notices={setAside} onDismiss={() => setSetAside([])} /> : null;
  return (
    <>
      {renderScreen()}
      {notice}
    </>
  );

  function renderScreen(): ReactNode {
    switch (screen.name) {
      case 'checking':
        return (
          <main className="vault-screen" aria-busy="true">
            <p className="visually-hidden">Opening Alliance…</p>
          </main>
        );
      case 'set-up':
        return <SetUp onPrepared={(sheet) => setScreen({ name: 'recovery-sheet', sheet })} onJoin={() => setScreen({ name: 'join' })} />;
      case 'join':
        return (
          <VaultScreen>
            <Suspense fallback={null}>
              <JoinVault
                onPrepared={(sheet) => setScreen({ name: 'recovery-sheet', sheet })}
                onCancel={() => setScreen({ name: 'set-up' })}
              />
            </Suspense>
          </VaultScreen>
        );
      case 'recovery-sheet':
        return (
          <RecoverySheetScreen
            sheet={screen.sheet}
            onConfirmed={async () => {
              const status = await call('vault:confirmSetup', {});
              enter(status);
            }}
          />
        );
      case 'unlock':
        return (
          <Unlock
            lockReason={screen.reason}
            restored={screen.restored}
            onUnlocked={enter}
            onUseRecoveryCode={() => setScreen({ name: 'recover' })}
            onDamaged={(message) => setScreen({ name: 'damaged', message })}
          />
        );
      case 'recover':
        // Back through the status: a restored backup's unlock screen says so again.
        return <Recover onUnlocked={enter} onUsePassphrase={() => void check()} />;
      case 'damaged':
        return <Damaged message={screen.message} onCheckAgain={() => void check()} />;
      case 'unreachable':
        return <Unreachable message={screen.message} onCheckAgain={() => void check()} />;
      case 'patient-mode':
        return (
          // Its script loads when the laptop is first handed over.
          <Suspense fallback={null}>
            <PatientModeScreen
              status={screen.status}
              // Inactive without the passphrase means a lock ended it: ask the vault what to show.
              onStatus={(status) => (status.active ? setScreen({ name: 'patient-mode', status }) : void check())}
              onLeft={leftPatientMode}
              onLocked={() => lockedAway('manual')}
            />
          </Suspense>
        );
      case 'unlocked':
        return (
          <VaultControlsContext.Provider value={controls}>
            {/* A new key per opening: nothing from before the lock can survive in component state. */}
            <div key={openings} className="app-root">
              {children}
            </div>
            {selfHarmAlerts.length > 0 ? <SelfHarmAlertDialog alerts={selfHarmAlerts} onClose={() => setSelfHarmAlerts([])} /> : null}
          </VaultControlsContext.Provider>
        );
    }
  }
}
