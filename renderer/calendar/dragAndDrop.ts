import * as addon from 'react-big-calendar/lib/addons/dragAndDrop';

type WithDragAndDrop = typeof addon.default;

/**
 * The drag-and-drop addon ships only as CommonJS. Vite's bundler hands its default import over
 * as the whole module object (Node's rule), TypeScript expects the function: accept either.
 */
function resolve(): WithDragAndDrop {
  const candidate: unknown = addon.default;
  if (typeof candidate === 'function') return candidate as WithDragAndDrop;
  const nested = (candidate as { default?: unknown } | undefined)?.default;
  if (typeof nested === 'function') return nested as WithDragAndDrop;
  throw new Error('The calendar’s drag-and-drop addon could not be loaded.');
}

export const withDragAndDrop = resolve();
