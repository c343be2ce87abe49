/**
 * Prints what the window shows (its print stylesheet decides what that is). A PDF is written
 * only where the person chooses in the save dialog, in one write: no temp file, no copy elsewhere.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { Printer, PrintOutcome, PrintTarget } from './app-core-types';

export type PaperSize = 'A4' | 'Letter';

/** Countries whose offices use US Letter; everyone else prints on A4. */
const LETTER_COUNTRIES = new Set(['US', 'CA', 'MX', 'PH', 'CL', 'CO', 'VE', 'PR', 'GT', 'CR', 'DO', 'SV', 'HN', 'NI', 'PA']);

export function paperSizeForCountry(countryCode: string): PaperSize {
  return LETTER_COUNTRIES.has(countryCode.trim().toUpperCase()) ? 'Letter' : 'A4';
}

export type WindowPrinterOptions = {
  dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The folder the save dialog opens in. */
  documentsDir: string;
  paperSize: PaperSize;
};

/** Chromium's words for a print dialog the person closed without printing. */
const CANCELLED_PRINT = /cancel/i;

export function createWindowPrinter(window: BrowserWindow, options: WindowPrinterOptions): Printer {
  async function saveAsPdf(suggestedFileName: string): Promise<PrintOutcome> {
    const { canceled, filePath } = await options.dialog.showSaveDialog(window, {
      title: 'Save as PDF',
      defaultPath: path.join(options.documentsDir, `${path.basename(suggestedFileName)}.pdf`),
      filters: [{ name: 'PDF document', extensions: ['pdf'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (canceled || !filePath) return 'cancelled';
    // A document that sets its own paper (@page size, as the plan summary does when A4 or Letter is
    // chosen) keeps it; anything else is printed on the country's usual paper.
    const pdf = await window.webContents.printToPDF({ printBackground: true, pageSize: options.paperSize, preferCSSPageSize: true });
    await writeFile(filePath, pdf);
    return 'saved';
  }

  function printOnPaper(): Promise<PrintOutcome> {
    return new Promise((resolve, reject) => {
      window.webContents.print({ silent: false, printBackground: true }, (success, failureReason) => {
        if (success) resolve('printed');
        else if (CANCELLED_PRINT.test(failureReason)) resolve('cancelled');
        else reject(new Error(`Printing failed: ${failureReason}`));
      });
    });
  }

  return {
    print(target: PrintTarget, suggestedFileName: string): Promise<PrintOutcome> {
      return target === 'pdf' ? saveAsPdf(suggestedFileName) : printOnPaper();
    },
  };
}
