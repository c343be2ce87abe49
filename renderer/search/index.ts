/** Find a patient from anywhere (Ctrl+K): the palette the shell opens. */
export { SearchPalette } from './SearchPalette';
