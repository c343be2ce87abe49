/**
 * Letters: the chart's Documents tab, one letter (its editor while a draft, the signed letter after),
 * the printed letter, and the practice's letter templates in Settings.
 */
import { lazyNamed } from '../components/lazyNamed';

export const DocumentsTab = lazyNamed(() => import('./DocumentsTab'), 'DocumentsTab');
export const LetterPage = lazyNamed(() => import('./LetterPage'), 'LetterPage');
export const PrintLetterPage = lazyNamed(() => import('./PrintLetterPage'), 'PrintLetterPage');
export { LetterTemplates } from './LetterTemplates';
