import type { ReactNode } from 'react';
import { BrandMark } from '../components/BrandMark';

/** The quiet frame around set-up, unlock and recovery: the name, then one task. */
export function VaultScreen({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <main className={`vault-screen${wide ? ' vault-screen--wide' : ''}`}>
      <div className="vault-screen__brand no-print">
        <BrandMark size={30} />
        <span className="vault-screen__name">Alliance</span>
      </div>
      {children}
    </main>
  );
}
