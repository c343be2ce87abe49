import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWindowPrinter, paperSizeForCountry } from '../../../electron/printing';
import { FakeBrowserWindow } from './fake-electron';

let folder: string;
let window: FakeBrowserWindow;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'alliance-print-'));
  window = new FakeBrowserWindow({});
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function printerSaving(answer: { canceled: boolean; filePath: string }, paperSize: 'A4' | 'Letter' = 'A4') {
  const dialog = { showSaveDialog: vi.fn(async () => answer) };
  const printer = createWindowPrinter(window as unknown as BrowserWindow, {
    dialog: dialog,
    documentsDir: '/home/doctor/Documents',
    paperSize,
  });
  return { dialog, printer };
}

describe('saving as PDF', () => {
  it('writes the page’s PDF where the person chose, and nowhere else', async () => {
    const chosen = path.join(folder, 'sheet.pdf');
    const { printer } = printerSaving({ canceled: false, filePath: chosen });
    expect(await printer.print('pdf', 'Alliance recovery sheet')).toBe('saved');
    expect(await readFile(chosen, 'utf8')).toBe('%PDF-1.7 the treatment plan summary');
    expect(await readdir(folder)).toEqual(['sheet.pdf']);
    expect(window.webContents.printToPDF).toHaveBeenCalledWith({ printBackground: true, pageSize: 'A4', preferCSSPageSize: true });
  });

  it('suggests the file name in the documents folder, as a PDF, over the window', async () => {
    const { dialog, printer } = printerSaving({ canceled: true, filePath: '' });
    await printer.print('pdf', 'Alliance recovery sheet');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({
        defaultPath: path.join('/home/doctor/Documents', 'Alliance recovery sheet.pdf'),
        filters: [{ name: 'PDF document', extensions: ['pdf'] }],
      }),
    );
  });

  it('writes nothing and says cancelled when the dialog is cancelled', async () => {
    const { printer } = printerSaving({ canceled: true, filePath: '' });
    expect(await printer.print('pdf', 'Alliance recovery sheet')).toBe('cancelled');
    expect(window.webContents.printToPDF).not.toHaveBeenCalled();
    expect(await readdir(folder)).toEqual([]);
  });

  it('uses US Letter where offices do', async () => {
    const { printer } = printerSaving({ canceled: false, filePath: path.join(folder, 'plan.pdf') }, paperSizeForCountry('us'));
    await printer.print('pdf', 'Treatment plan');
    expect(window.webContents.printToPDF).toHaveBeenCalledWith({ printBackground: true, pageSize: 'Letter', preferCSSPageSize: true });
    expect(paperSizeForCountry('DE')).toBe('A4');
    expect(paperSizeForCountry('CA')).toBe('Letter');
  });
});

describe('printing on paper', () => {
  it('opens the system print dialog and says printed', async () => {
    const { printer } = printerSaving({ canceled: true, filePath: '' });
    expect(await printer.print('printer', 'Treatment plan')).toBe('printed');
    expect(window.webContents.print).toHaveBeenCalledWith({ silent: false, printBackground: true }, expect.any(Function));
  });

  it('says cancelled when the person closes the print dialog', async () => {
    window.webContents.print.mockImplementationOnce((_options, callback) => callback(false, 'Print job canceled'));
    const { printer } = printerSaving({ canceled: true, filePath: '' });
    expect(await printer.print('printer', 'Treatment plan')).toBe('cancelled');
  });

  it('fails with the reason when the printer fails', async () => {
    window.webContents.print.mockImplementationOnce((_options, callback) => callback(false, 'Print job failed'));
    const { printer } = printerSaving({ canceled: true, filePath: '' });
    await expect(printer.print('printer', 'Treatment plan')).rejects.toThrow('Print job failed');
  });
});
