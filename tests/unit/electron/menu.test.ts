import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { aboutText, applicationMenuTemplate } from '../../../electron/menu';

function menus(options: { isMac: boolean; allowDevTools: boolean }) {
  const actions = { lock: vi.fn(), showAbout: vi.fn() };
  const template = applicationMenuTemplate(actions, options);
  const submenu = (label: string): MenuItemConstructorOptions[] => {
    const menu = template.find((item) => item.label === label || (label === 'Help' && item.role === 'help'));
    if (!menu || !Array.isArray(menu.submenu)) throw new Error(`No ${label} menu`);
    return menu.submenu;
  };
  const roles = (label: string) => submenu(label).flatMap((item) => (item.role ? [item.role] : []));
  return { actions, template, submenu, roles };
}

describe('the application menu', () => {
  it('has File, Edit, View, Window and Help on Windows and Linux', () => {
    const { template } = menus({ isMac: false, allowDevTools: false });
    expect(template.map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'Window', 'help']);
  });

  it('puts About, Hide and Quit in the Alliance menu on macOS', () => {
    const { template, submenu, roles } = menus({ isMac: true, allowDevTools: false });
    expect(template[0]?.label).toBe('Alliance');
    expect(submenu('Alliance').some((item) => item.label === 'About Alliance')).toBe(true);
    expect(roles('Alliance')).toEqual(expect.arrayContaining(['hide', 'quit']));
  });

  it('locks the vault from File › Lock with CmdOrCtrl+L', () => {
    const { actions, submenu } = menus({ isMac: false, allowDevTools: false });
    const lock = submenu('File').find((item) => item.label === 'Lock');
    expect(lock?.accelerator).toBe('CmdOrCtrl+L');
    lock?.click?.({} as never, undefined, {});
    expect(actions.lock).toHaveBeenCalledTimes(1);
  });

  it('quits from File on Windows and Linux', () => {
    expect(menus({ isMac: false, allowDevTools: false }).roles('File')).toContain('quit');
  });

  it('edits text the usual way', () => {
    expect(menus({ isMac: false, allowDevTools: false }).roles('Edit')).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('zooms and goes full screen, with developer tools only in a development build', () => {
    const packaged = menus({ isMac: false, allowDevTools: false }).roles('View');
    expect(packaged).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(menus({ isMac: false, allowDevTools: true }).roles('View')).toContain('toggleDevTools');
  });

  it('minimizes and closes from Window', () => {
    expect(menus({ isMac: false, allowDevTools: false }).roles('Window')).toEqual(['minimize', 'close']);
  });

  it('shows About Alliance from Help', () => {
    const { actions, submenu } = menus({ isMac: false, allowDevTools: false });
    submenu('Help')
      .find((item) => item.label === 'About Alliance')
      ?.click?.({} as never, undefined, {});
    expect(actions.showAbout).toHaveBeenCalledTimes(1);
  });

  it('says the version and the license in About', () => {
    const about = aboutText('0.1.0');
    expect(about.message).toBe('Alliance 0.1.0');
    expect(about.detail).toContain('AGPL-3.0-only');
  });
});
