/**
 * What a screen shows for the moment its script is loading from disk: nothing to read, so nothing
 * flashes past; busy for assistive technology.
 */
export function QuietFallback() {
  return <div aria-busy="true" />;
}
