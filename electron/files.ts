/**
 * Saves what the person chose to export (a calendar file, a patient's record) where they choose it, in one write:
 * no temp file, no copy anywhere else, nothing if the dialog is cancelled.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import { BINARY_FILE_TYPES, type SavedFileType } from '../shared/channels/files';
import type { FileSaver, FolderPicker, FolderPurpose } from './app-core-types';

export type WindowFileSaverOptions = {
  dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The folder the save dialog opens in. */
  documentsDir: string;
};

/** The dialog's filter for each kind of file the contract lets the renderer save. */
const FILTERS: Record<SavedFileType, { name: string; extensions: string[] }> = {
  'text/calendar': { name: 'iCalendar file', extensions: ['ics'] },
  'application/fhir+json': { name: 'FHIR record (JSON)', extensions: ['json'] },
  'application/pdf': { name: 'PDF document', extensions: ['pdf'] },
};

function isSavedFileType(mimeType: string): mimeType is SavedFileType {
  return Object.hasOwn(FILTERS, mimeType);
}

export function createWindowFileSaver(window: BrowserWindow, options: WindowFileSaverOptions): FileSaver {
  return {
    async save(suggestedFileName, content, mimeType) {
      if (!isSavedFileType(mimeType)) throw new Error('This kind of file cannot be saved.');
      const filter = FILTERS[mimeType];
      const { canceled, filePath } = await options.dialog.showSaveDialog(window, {
        title: 'Save',
        // Only the name: the renderer never chooses a folder.
        defaultPath: path.join(options.documentsDir, path.basename(suggestedFileName)),
        filters: [filter],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (canceled || !filePath) return 'cancelled';
      // Owner-only, like the vault: a calendar or a record still says who sees a psychiatrist.
      const bytes = BINARY_FILE_TYPES.has(mimeType) ? Buffer.from(content, 'base64') : Buffer.from(content, 'utf8');
      await writeFile(filePath, bytes, { mode: 0o600 });
      return 'saved';
    },
  };
}

export type WindowFolderPickerOptions = {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  /** The folder the dialog opens in. */
  documentsDir: string;
};

const FOLDER_DIALOGS: Record<FolderPurpose, { title: string; buttonLabel: string }> = {
  'backup-destination': { title: 'Choose the folder for backups', buttonLabel: 'Use this folder' },
  'backup-to-open': { title: 'Choose a backup', buttonLabel: 'Open backup' },
  'export-destination': { title: 'Choose where to export', buttonLabel: 'Export here' },
};

/** Asks for a folder with the system's dialog; nothing is written by asking. */
export function createWindowFolderPicker(window: BrowserWindow, options: WindowFolderPickerOptions): FolderPicker {
  return {
    async choose(purpose) {
      const { canceled, filePaths } = await options.dialog.showOpenDialog(window, {
        ...FOLDER_DIALOGS[purpose],
        defaultPath: options.documentsDir,
        properties: ['openDirectory', 'createDirectory'],
      });
      const [chosen] = filePaths;
      return canceled || chosen === undefined ? undefined : chosen;
    },
  };
}
