// Tests that call the page's bridge from `page.evaluate` see `window.alliance` as the renderer declares it
// (renderer/bridge/client.ts); under project references the renderer's files reach tests only when imported.
import type {} from '../renderer/bridge/client';
