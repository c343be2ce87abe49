/** Two overlapping rings: the alliance between clinician and patient. Drawn inline, so no asset to load. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg className="brand-mark" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <circle cx="12" cy="16" r="8.5" fill="none" stroke="currentColor" strokeWidth="2.4" />
      <circle cx="20" cy="16" r="8.5" fill="none" stroke="currentColor" strokeWidth="2.4" opacity="0.55" />
    </svg>
  );
}
