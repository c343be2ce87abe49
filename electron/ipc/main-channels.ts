/**
 * Every main-process channel's handler, from the features' own tables. Checked against the contract:
 * a main channel without its handler does not compile.
 */
import type { MainChannel } from '../../shared/contract';
import { exportsMain } from '../features/exports/main';
import { backupsMain } from '../features/backups/main';
import { feedbackMain } from '../features/feedback/main';
import { filesMain } from '../features/files/main';
import type { MainHandlers } from '../features/handlers';
import { preferencesMain } from '../features/preferences/main';
import { printingMain } from '../features/printing/main';
import { restoreMain } from '../features/restore/main';
import { joinMain } from '../features/sync/main';
import { vaultMain } from '../features/vault/main';

export const mainHandlers = {
  ...vaultMain,
  ...preferencesMain,
  ...feedbackMain,
  ...filesMain,
  ...printingMain,
  ...restoreMain,
  ...exportsMain,
  ...backupsMain,
  ...joinMain,
} satisfies MainHandlers<MainChannel>;
