import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A view whose script loads the first time it is drawn, or earlier when asked to (`preload`). */
export type LazyView<P extends object> = LazyExoticComponent<ComponentType<P>> & { preload: () => Promise<void> };

/**
 * A component whose module loads the first time it is drawn: `lazyNamed(() => import('./CalendarPage'), 'CalendarPage')`.
 * The feature's entry names what it offers; the bundler gives the module (and the libraries only it
 * uses, such as the calendar's or the charts') a script of its own. Draw it under a Suspense boundary.
 * `preload()` loads the script ahead, so that drawing it later waits for nothing.
 */
export function lazyNamed<K extends string, P extends object>(load: () => Promise<Record<K, ComponentType<P>>>, name: K): LazyView<P> {
  let loading: Promise<Record<K, ComponentType<P>>> | undefined;
  // One load for both ways in; a load that failed (a script that could not be read) is tried again next time.
  const once = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  const view = lazy(async () => ({ default: (await once())[name] }));
  return Object.assign(view, {
    preload: async () => {
      await once();
    },
  });
}
