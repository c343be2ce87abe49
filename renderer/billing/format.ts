import { formatMoney, type Amounts, type Modifier } from '../../shared/billing';

/** "90834-95" or "90834 ×2": a code as a claim form writes it. */
export function lineText(line: { code: string; modifier: Modifier; units: number }): string {
  return `${line.code}${line.modifier ? `-${line.modifier}` : ''}${line.units > 1 ? ` ×${line.units}` : ''}`;
}

/** Amounts by currency, the practice's first; nothing at all reads as zero in the practice's currency. */
export function formatAmounts(amounts: Amounts, currency: string): string {
  const total = new Map<string, number>();
  for (const { currency: c, amount } of amounts) total.set(c, (total.get(c) ?? 0) + amount);
  if (total.size === 0) return formatMoney(0, currency);
  return [...total]
    .sort(([a], [b]) => (a === currency ? -1 : b === currency ? 1 : a.localeCompare(b)))
    .map(([c, amount]) => formatMoney(amount, c))
    .join(' + ');
}
