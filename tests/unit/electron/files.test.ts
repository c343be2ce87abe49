import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWindowFileSaver, createWindowFolderPicker } from '../../../electron/files';
import { FakeBrowserWindow } from './fake-electron';

let folder: string;
let window: FakeBrowserWindow;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'alliance-save-'));
  window = new FakeBrowserWindow({});
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const CALENDAR = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Session — M.H.\r\nEND:VCALENDAR\r\n';

function saverAnswering(answer: { canceled: boolean; filePath: string }) {
  const dialog = { showSaveDialog: vi.fn(async () => answer) };
  const saver = createWindowFileSaver(window as unknown as BrowserWindow, {
    dialog: dialog,
    documentsDir: '/home/doctor/Documents',
  });
  return { dialog, saver };
}

describe('saving an exported calendar', () => {
  it('writes the content, byte for byte, where the person chose, readable by them alone, and nowhere else', async () => {
    const chosen = path.join(folder, 'sessions.ics');
    const { saver } = saverAnswering({ canceled: false, filePath: chosen });
    expect(await saver.save('alliance-sessions-2026-03-09-to-2026-03-15.ics', CALENDAR, 'text/calendar')).toBe('saved');
    expect(await readFile(chosen, 'utf8')).toBe(CALENDAR);
    expect(await readdir(folder)).toEqual(['sessions.ics']);
    if (process.platform !== 'win32') expect((await stat(chosen)).mode & 0o777).toBe(0o600);
  });

  it('suggests the file name in the documents folder, with the calendar filter, over the window', async () => {
    const { dialog, saver } = saverAnswering({ canceled: true, filePath: '' });
    await saver.save('alliance-sessions-2026-03-09-to-2026-03-15.ics', CALENDAR, 'text/calendar');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({
        defaultPath: path.join('/home/doctor/Documents', 'alliance-sessions-2026-03-09-to-2026-03-15.ics'),
        filters: [{ name: 'iCalendar file', extensions: ['ics'] }],
      }),
    );
  });

  it('saves a FHIR record with the JSON filter, readable by its owner alone', async () => {
    const chosen = path.join(folder, 'Alliance record (FHIR).json');
    const { dialog, saver } = saverAnswering({ canceled: false, filePath: chosen });
    const bundle = JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] });
    expect(await saver.save('Alliance record (FHIR).json', bundle, 'application/fhir+json')).toBe('saved');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ filters: [{ name: 'FHIR record (JSON)', extensions: ['json'] }] }),
    );
    expect(await readFile(chosen, 'utf8')).toBe(bundle);
    expect((await stat(chosen)).mode & 0o777).toBe(0o600);
  });

  it('saves a record’s PDF as the bytes its base64 holds, with the PDF filter, readable by its owner alone', async () => {
    const chosen = path.join(folder, 'Alliance record.pdf');
    const { dialog, saver } = saverAnswering({ canceled: false, filePath: chosen });
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x33, 0x0a, 0xe2, 0xff, 0x00, 0x80]);
    expect(await saver.save('Alliance record.pdf', bytes.toString('base64'), 'application/pdf')).toBe('saved');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ filters: [{ name: 'PDF document', extensions: ['pdf'] }] }),
    );
    expect(await readFile(chosen)).toEqual(bytes);
    expect((await stat(chosen)).mode & 0o777).toBe(0o600);
  });

  it('a suggested name cannot point the dialog into another folder', async () => {
    const { dialog, saver } = saverAnswering({ canceled: true, filePath: '' });
    await saver.save('../../etc/sessions.ics', CALENDAR, 'text/calendar');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ defaultPath: path.join('/home/doctor/Documents', 'sessions.ics') }),
    );
  });

  it('writes nothing and says cancelled when the dialog is cancelled', async () => {
    const { saver } = saverAnswering({ canceled: true, filePath: path.join(folder, 'ignored.ics') });
    expect(await saver.save('sessions.ics', CALENDAR, 'text/calendar')).toBe('cancelled');
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses a kind of file it has no filter for, without opening a dialog', async () => {
    const { dialog, saver } = saverAnswering({ canceled: false, filePath: path.join(folder, 'x.html') });
    await expect(saver.save('x.html', '<script></script>', 'text/html')).rejects.toThrow(/cannot be saved/);
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('choosing a folder', () => {
  function pickerAnswering(answer: { canceled: boolean; filePaths: string[] }) {
    const dialog = { showOpenDialog: vi.fn(async () => answer) };
    const picker = createWindowFolderPicker(window as unknown as BrowserWindow, { dialog, documentsDir: '/home/doctor/Documents' });
    return { dialog, picker };
  }

  it('answers the folder the person chose, with a dialog for folders that says what it is for', async () => {
    const { dialog, picker } = pickerAnswering({ canceled: false, filePaths: ['/media/backup-disk/Alliance'] });
    expect(await picker.choose('backup-destination')).toBe('/media/backup-disk/Alliance');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({
        title: 'Choose the folder for backups',
        defaultPath: '/home/doctor/Documents',
        properties: ['openDirectory', 'createDirectory'],
      }),
    );
  });

  it('answers nothing when the person cancels', async () => {
    expect(await pickerAnswering({ canceled: true, filePaths: [] }).picker.choose('export-destination')).toBeUndefined();
    expect(await pickerAnswering({ canceled: false, filePaths: [] }).picker.choose('backup-to-open')).toBeUndefined();
  });
});
