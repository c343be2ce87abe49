import { useState, type KeyboardEvent } from 'react';

/**
 * The keyboard of a type-ahead list (the ARIA combobox pattern): Down opens it and moves down, Up
 * moves up, Enter takes the highlighted suggestion, Escape closes the list without closing the
 * dialog around it. `choose` is called with what was taken; the list closes after it.
 */
export function useCombobox<T>(suggestions: readonly T[], choose: (item: T) => void) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  function take(item: T) {
    choose(item);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive((i) => Math.min(i + 1, suggestions.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter' && open) {
      const item = suggestions[active];
      if (item !== undefined) {
        event.preventDefault();
        take(item);
      }
    } else if (event.key === 'Escape' && open) {
      // Close the list, not the dialog around it.
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  }

  return { open, setOpen, active, setActive, expanded: open && suggestions.length > 0, take, onKeyDown };
}
