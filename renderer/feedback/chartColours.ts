import { useMemo, useSyncExternalStore } from 'react';

/**
 * The design tokens as colours an SVG attribute takes. The tokens are light-dark() pairs, which only
 * CSS resolves, so a hidden probe reads each one as the page's current theme computes it.
 */
export function resolveTokenColours<K extends string>(tokens: Record<K, string>): Record<K, string> {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  document.body.append(probe);
  const colours = {} as Record<K, string>;
  for (const key of Object.keys(tokens) as K[]) {
    probe.style.color = `var(${tokens[key]})`;
    colours[key] = getComputedStyle(probe).color;
  }
  probe.remove();
  return colours;
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme changes when Settings pins it (data-theme on <html>) or, on "System", when the computer switches. */
function subscribeToTheme(onChange: () => void): () => void {
  const media = window.matchMedia(DARK_QUERY);
  media.addEventListener('change', onChange);
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    media.removeEventListener('change', onChange);
    observer.disconnect();
  };
}

/** Which side of the light-dark() pairs the page shows now. */
function currentScheme(): 'light' | 'dark' {
  const pinned = document.documentElement.getAttribute('data-theme');
  if (pinned === 'light' || pinned === 'dark') return pinned;
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

/** The page's light or dark side, re-rendering its user when it changes while the view is open. */
export function useColourScheme(): 'light' | 'dark' {
  return useSyncExternalStore(subscribeToTheme, currentScheme);
}

/**
 * The tokens resolved for the theme showing now, and again whenever it changes (light to dark while
 * a chart is open): an SVG attribute does not follow CSS by itself. `tokens` must be a constant.
 */
export function useTokenColours<K extends string>(tokens: Record<K, string>): Record<K, string> {
  const scheme = useColourScheme();
  return useMemo(() => {
    void scheme; // The same tokens resolve to other colours once the scheme changes.
    return resolveTokenColours(tokens);
  }, [scheme, tokens]);
}
