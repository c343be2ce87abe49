import type { Preferences } from '../../shared/preferences';

/** "system" leaves the choice to prefers-color-scheme; the others pin it through data-theme. */
export function applyTheme(theme: Preferences['theme']): void {
  const root = document.documentElement;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}
