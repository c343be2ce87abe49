import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A component whose module loads the first time it is drawn: `lazyNamed(() => import('./CalendarPage'), 'CalendarPage')`.
 * The feature's entry names what it offers; the bundler gives the module (and the libraries only it
 * uses, such as the calendar's or the charts') a script of its own. Draw it under a Suspense boundary.
 */
export function lazyNamed<K extends string, P extends object>(
  load: () => Promise<Record<K, ComponentType<P>>>,
  name: K,
): LazyExoticComponent<ComponentType<P>> {
  return lazy(async () => ({ default: (await load())[name] }));
}
