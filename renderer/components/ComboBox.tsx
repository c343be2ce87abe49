import { useContext, useEffect, useRef, useState, type JSX, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import {
  ComboBox as AriaComboBox,
  ComboBoxStateContext,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
  type Key,
} from 'react-aria-components';

type ComboBoxProps<T> = {
  label: string;
  /** Under the label: what to type, or what was chosen. */
  hint: ReactNode;
  error?: string | undefined;
  /** What is typed; the caller keeps it, and clears its choice when it changes. */
  text: string;
  onTextChange: (text: string) => void;
  /** The suggestions for what is typed now, in the order to offer them. */
  suggestions: readonly T[];
  keyOf: (item: T) => string;
  /** What the box shows once the item is chosen. */
  textOf: (item: T) => string;
  renderOption: (item: T) => ReactNode;
  /** The key of the item chosen, or null. */
  chosen: string | null;
  onChoose: (item: T) => void;
  /** The list's name for screen readers ("Suggestions"). */
  listLabel: string;
  /** Said under the box while what is typed matches nothing. */
  noMatch?: ReactNode;
  /** Offer the suggestions as soon as the box is focused, while nothing is chosen. */
  openOnFocus?: boolean;
  autoFocus?: boolean;
  /** Added to the scrolling list and to each option, for a list laid out its own way. */
  listClassName?: string;
  optionClassName?: string;
};

/**
 * A type-ahead list on React Aria's ComboBox: the text box keeps focus, the first suggestion is the
 * one Enter takes, Down and Up move through them, Escape closes the list (and, once it is closed,
 * the dialog around it). The caller chooses the suggestions for what is typed; nothing is filtered
 * here. The list is drawn inside the field, so it stays within a modal dialog and under its own label.
 */
export function ComboBox<T extends object>({
  label,
  hint,
  error,
  text,
  onTextChange,
  suggestions,
  keyOf,
  textOf,
  renderOption,
  chosen,
  onChoose,
  listLabel,
  noMatch,
  openOnFocus = false,
  autoFocus = false,
  listClassName,
  optionClassName,
}: ComboBoxProps<T>) {
  const [field, setField] = useState<HTMLDivElement | null>(null);
  const [focused, setFocused] = useState(false);
  // Set by typing (not by a choice filling the box in), read once by SuggestionsShown.
  const typed = useRef(false);

  function choose(key: Key | null) {
    // Also called with the choice as it stands when the box loses focus or Escape closes the list:
    // what was typed stays as it is, as it always has.
    const item = key === null ? undefined : suggestions.find((suggestion) => keyOf(suggestion) === key);
    if (!item || keyOf(item) === chosen) return;
    onTextChange(textOf(item));
    onChoose(item);
  }

  return (
    <AriaComboBox
      ref={setField}
      className={`field combobox${error ? ' field--invalid' : ''}`}
      items={suggestions}
      inputValue={text}
      onInputChange={(next) => {
        typed.current = true;
        onTextChange(next);
      }}
      selectedKey={chosen}
      onSelectionChange={choose}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      isInvalid={Boolean(error)}
      validationBehavior="aria"
      // SuggestionsShown opens and closes the list from the suggestions themselves (see there).
      menuTrigger="manual"
      allowsEmptyCollection
    >
      {({ isOpen }) => (
        <>
          <Label className="field__label">{label}</Label>
          <Text slot="description" elementType="p" className="field__hint">
            {hint}
          </Text>
          <Input
            className="input"
            autoFocus={autoFocus}
            // Whole in view before the list opens: a box half scrolled out of a tall dialog would scroll it
            // on the first keystroke, and React Aria closes the list when what holds it scrolls.
            onFocus={(event) => event.currentTarget.scrollIntoView({ block: 'nearest' })}
            onKeyDownCapture={(event: KeyboardEvent<HTMLInputElement>) => {
              // Escape on a closed list belongs to the dialog around the box: let it close, as before.
              if (event.key === 'Escape' && !isOpen) event.stopPropagation();
              // No suggestions, no list to open.
              if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && suggestions.length === 0) event.stopPropagation();
            }}
          />
          <SuggestionsShown count={suggestions.length} typed={typed} openOnFocus={openOnFocus && chosen === null} />
          <Popover
            className="combobox__list"
            UNSTABLE_portalContainer={field ?? undefined}
            placement="bottom start"
            offset={4}
            // Always below, where it has always opened, never over what the pointer rests on above it.
            shouldFlip={false}
            // Within what a modal dialog shows (it stops 1.5rem short of the window), so bringing an
            // option into view scrolls only the list: React Aria closes the list when the page scrolls.
            containerPadding={32}
          >
            <ListBox<T> className={`combobox__options${listClassName ? ` ${listClassName}` : ''}`} aria-label={listLabel}>
              {(item) => (
                <ListBoxItem
                  id={keyOf(item)}
                  textValue={textOf(item)}
                  className={({ isFocused }) =>
                    `combobox__option${optionClassName ? ` ${optionClassName}` : ''}${isFocused ? ' combobox__option--active' : ''}`
                  }
                  // The option the arrows are on is the selected one, as the ARIA combobox pattern has it
                  // (React Aria marks the chosen one instead): it is the one Enter takes.
                  render={(props, { isFocused }) => <div {...(props as JSX.IntrinsicElements['div'])} aria-selected={isFocused} />}
                >
                  {renderOption(item)}
                </ListBoxItem>
              )}
            </ListBox>
          </Popover>
          {focused && noMatch && text.trim() !== '' && suggestions.length === 0 ? (
            <p className="field__hint" role="status">
              {noMatch}
            </p>
          ) : null}
          {error ? (
            <Text slot="errorMessage" elementType="p" className="field__error">
              {error}
            </Text>
          ) : null}
        </>
      )}
    </AriaComboBox>
  );
}

/**
 * Opens the list once something is typed (or, if asked, once the box is focused) as soon as there are
 * suggestions, closes it while there are none, and keeps the first suggestion active whenever none
 * is, so Enter takes it and Down moves to the second. React Aria would open the list itself, but only
 * from its own copy of the suggestions, which in this version is not refreshed while the list is
 * closed once it started empty (adobe/react-spectrum#5133): the list would never open.
 */
function SuggestionsShown({ count, typed, openOnFocus }: { count: number; typed: RefObject<boolean>; openOnFocus: boolean }) {
  const state = useContext(ComboBoxStateContext);
  const was = useRef({ focused: false, open: false });
  /** Asked for by typing or focus, and not yet shown and closed again (by a choice, Escape or leaving the box). */
  const wanted = useRef(false);
  useEffect(() => {
    if (!state) return;
    const { isFocused, isOpen } = state;
    if (!isFocused || (was.current.open && !isOpen)) wanted.current = false;
    if (typed.current || (isFocused && !was.current.focused && openOnFocus)) wanted.current = true;
    typed.current = false;
    was.current = { focused: isFocused, open: isOpen };
    if (isOpen && count === 0) state.toggle(null, 'manual');
    else if (!isOpen && count > 0 && wanted.current) state.open('first', 'input');
    const first = state.collection.getFirstKey();
    if (isOpen && state.selectionManager.focusedKey === null && first !== null) state.selectionManager.setFocusedKey(first);
  });
  return null;
}
