/**
 * The design tokens as colours an SVG attribute takes. The tokens are light-dark() pairs, which only
 * CSS resolves, so a hidden probe reads each one as the page's current theme computes it.
 */
export function resolveTokenColours<K extends string>(tokens: Record<K, string>): Record<K, string> {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  document.body.append(probe);
  const colours = {} as Record<K, string>;
  for (const key of Object.keys(tokens) as K[]) {
    probe.style.color = `var(${tokens[key]})`;
    colours[key] = getComputedStyle(probe).color;
  }
  probe.remove();
  return colours;
}
