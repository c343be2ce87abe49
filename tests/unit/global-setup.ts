import { buildElectron } from '../../build/build-electron';

/** The database worker runs as the bundle the app ships, so build it once before the suites. */
export default async function setup(): Promise<void> {
  await buildElectron(['worker']);
}
