import type { ReactNode } from 'react';

/**
 * Words someone typed (a patient's name, a goal, a note), isolated from the text around them: a
 * right-to-left override or a right-to-left name inside them ends where they end, so the app's own
 * words and punctuation beside them keep their order, on screen and on paper. A `<bdi>` is isolated
 * by every browser's default style and takes its direction from its own first letter. Elsewhere in
 * the renderer a plain `<bdi>` around the text does the same.
 */
export function UserText({ children, className }: { children: ReactNode; className?: string }) {
  return <bdi className={className}>{children}</bdi>;
}
