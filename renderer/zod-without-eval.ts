import { z } from 'zod';

// zod builds fast object parsers with new Function() when each schema is created; the CSP forbids
// eval, so this must run before any schema module is evaluated: main.tsx imports it first.
z.config({ jitless: true });
