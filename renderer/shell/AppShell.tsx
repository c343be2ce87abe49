import { Suspense, useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { VIEWS, type View } from '../../shared/preferences';
import { BackupReminder } from '../backups';
import { asAppError, subscribe } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { BrandMark } from '../components/BrandMark';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { Notice } from '../components/Notice';
import { QuietFallback } from '../components/QuietFallback';
import { useActivityReporting } from '../components/useActivityReporting';
import { useVaultControls } from '../components/vaultControls';
import { explain } from '../errors/explain';
import { SearchPalette } from '../search';
import { SyncStatusLine } from '../sync';
import { applyTheme } from '../theme/theme';
import { SessionTimer } from './SessionTimer';

function isView(value: string | undefined): value is View {
  return (VIEWS as readonly string[]).includes(value ?? '');
}

/** The frame around every unlocked view: name, navigation, Lock, and the idle warning. */
export function AppShell() {
  const { lockNow } = useVaultControls();
  const location = useLocation();
  const [idleWarning, setIdleWarning] = useState<number | null>(null);
  const [lockError, setLockError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const preferences = useChannelQuery('preferences:get', {});
  const rememberView = useChannelMutation('preferences:update');

  async function lock() {
    setLockError(null);
    try {
      await lockNow();
    } catch (caught) {
      setLockError(explain(asAppError(caught)));
    }
  }

  useEffect(
    () =>
      subscribe((event) => {
        if (event.type === 'vault:idleWarning') setIdleWarning(event.secondsLeft);
      }),
    [],
  );

  useActivityReporting(
    idleWarning !== null,
    () => setIdleWarning(null),
    () => void lock(),
  );

  useEffect(() => {
    function shortcut(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        void lock();
      }
      // Find a patient from anywhere, even from inside a note being written (its draft keeps saving).
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setSearching((open) => !open);
      }
    }
    window.addEventListener('keydown', shortcut);
    return () => window.removeEventListener('keydown', shortcut);
  });

  const theme = preferences.data?.theme;
  useEffect(() => {
    if (theme) applyTheme(theme);
  }, [theme]);

  // Only the section is remembered (never an id), to open there after the next start.
  const section = location.pathname.split('/')[1];
  const lastView = preferences.data?.lastView;
  const { mutate: saveView } = rememberView;
  useEffect(() => {
    if (isView(section) && lastView !== undefined && lastView !== section) saveView({ lastView: section });
  }, [section, lastView, saveView]);

  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="shell__header">
        <div className={`shell__bar${section === 'calendar' ? ' shell__bar--wide' : ''}`}>
          <span className="shell__brand">
            <BrandMark size={24} />
            <span className="shell__name">Alliance</span>
          </span>
          <nav className="shell__nav" aria-label="Main">
            <NavLink to="/today" className="shell__link">
              Today
            </NavLink>
            <NavLink to="/calendar" className="shell__link">
              Calendar
            </NavLink>
            <NavLink to="/patients" className="shell__link">
              Patients
            </NavLink>
            <NavLink to="/monitoring" className="shell__link">
              Monitoring
            </NavLink>
            <NavLink to="/feedback" className="shell__link">
              Feedback
            </NavLink>
            <NavLink to="/billing" className="shell__link">
              Billing
            </NavLink>
            <NavLink to="/settings" className="shell__link">
              Settings
            </NavLink>
          </nav>
          <button
            type="button"
            className="shell__search"
            onClick={() => setSearching(true)}
            aria-keyshortcuts="Control+K Meta+K"
            aria-haspopup="dialog"
          >
            <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <circle cx="7" cy="7" r="4.75" fill="none" stroke="currentColor" strokeWidth="1.5" />
              <path d="M10.5 10.5 14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
            </svg>
            <span>Find a patient</span>
            <kbd className="shell__kbd" aria-hidden="true">
              {isMac() ? '⌘K' : 'Ctrl K'}
            </kbd>
          </button>
          <SessionTimer />
          <button
            type="button"
            className="button button--secondary button--small shell__lock"
            onClick={() => void lock()}
            aria-keyshortcuts="Control+L Meta+L"
            title="Lock (Ctrl+L)"
          >
            <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <rect x="2.5" y="7" width="11" height="7.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
              <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.5" />
            </svg>
            Lock
          </button>
        </div>
        {/* Replication's quiet word, on a line of its own under the bar; nothing unless the vault is connected. */}
        <Suspense fallback={null}>
          <SyncStatusLine wide={section === 'calendar'} />
        </Suspense>
      </header>
      <main id="main" className={`shell__main${section === 'calendar' ? ' shell__main--wide' : ''}`} tabIndex={-1}>
        {idleWarning !== null ? (
          <div className="shell__banner" role="status">
            Alliance will lock in {idleWarning} seconds. Press any key or click to stay.
          </div>
        ) : null}
        {lockError ? (
          <div className="shell__banner shell__banner--error">
            <Notice tone="error">{lockError}</Notice>
          </div>
        ) : null}
        {/* Settings shows backups itself; a printed page carries nothing but the document. */}
        {section === 'settings' || section === 'print' ? null : <BackupReminder />}
        {/* A view that fails to draw shows a calm message; the header and Lock stay usable. */}
        <ErrorBoundary key={location.pathname}>
          {/* Each view's script loads with its route; the header stays while it does. */}
          <Suspense fallback={<QuietFallback />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
      {searching ? <SearchPalette onClose={() => setSearching(false)} /> : null}
    </div>
  );
}

function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform);
}
