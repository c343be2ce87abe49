import type { ChangeEvent } from 'react';

type FileFieldProps = {
  id: string;
  label: string;
  accept: string;
  /** Changing it empties the field (a new key mounts a fresh input). */
  resetKey: number;
  onChoose: (event: ChangeEvent<HTMLInputElement>) => void;
};

/** The file another system exported, read in the window; choosing the same file again, once fixed, reads it again. */
export function FileField({ id, label, accept, resetKey, onChoose }: FileFieldProps) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        key={resetKey}
        id={id}
        className="import__file"
        type="file"
        accept={accept}
        onClick={(e) => {
          e.currentTarget.value = '';
        }}
        onChange={onChoose}
      />
    </div>
  );
}
