/**
 * The application menu: the usual items a person expects on their platform, plus Lock.
 * Built as a plain template so tests can read it; main.ts hands it to Menu.buildFromTemplate.
 */
import type { MenuItemConstructorOptions } from 'electron';

export const LOCK_ACCELERATOR = 'CmdOrCtrl+L';

export type MenuActions = {
  /** Locks the vault by hand. */
  lock: () => void;
  showAbout: () => void;
};

export type MenuOptions = {
  isMac: boolean;
  /** Developer tools only in a development build. */
  allowDevTools: boolean;
};

export function aboutText(version: string): { message: string; detail: string } {
  return {
    message: `Alliance ${version}`,
    detail: [
      'Offline practice records in an encrypted vault on this computer.',
      'Nothing leaves this computer.',
      '',
      'License: AGPL-3.0-only',
    ].join('\n'),
  };
}

export function applicationMenuTemplate(actions: MenuActions, options: MenuOptions): MenuItemConstructorOptions[] {
  const lockItem: MenuItemConstructorOptions = {
    id: 'lock',
    label: 'Lock',
    accelerator: LOCK_ACCELERATOR,
    click: () => actions.lock(),
  };

  const macAppMenu: MenuItemConstructorOptions = {
    label: 'Alliance',
    submenu: [
      { label: 'About Alliance', click: () => actions.showAbout() },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit', label: 'Quit Alliance' },
    ],
  };

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: options.isMac ? [lockItem, { type: 'separator' }, { role: 'close' }] : [lockItem, { type: 'separator' }, { role: 'quit' }],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(options.allowDevTools
        ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[])
        : []),
    ],
  };

  const window: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: options.isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [{ label: 'About Alliance', click: () => actions.showAbout() }],
  };

  return [...(options.isMac ? [macAppMenu] : []), file, edit, view, window, help];
}
