import { AIMS_CREDIT } from '../../shared/aims';
import { INSTRUMENT_DEFINITIONS, INSTRUMENTS, LICENCE_STATUS_LABELS } from '../../shared/measures';

/**
 * Every instrument Alliance ships, with its licence. A practice cannot add measures of its own, so the
 * list says what is shipped and why nothing else is: only what its licence lets the practice reproduce.
 */
export function InstrumentLicences() {
  return (
    <details className="instrument-licences">
      <summary className="instrument-licences__summary">Instruments and their licences</summary>
      <p className="instrument-licences__lead">
        Alliance ships only instruments whose licence lets a practice reproduce them, word for word as published; restricted instruments
        (for example the ORS and SRS, the Y-BOCS and the MADRS) are never included, and measures cannot be added.
      </p>
      <table className="table instrument-licences__table">
        <thead>
          <tr>
            <th scope="col">Instrument</th>
            <th scope="col">Rated by</th>
            <th scope="col">Licence</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {INSTRUMENTS.map((instrument) => {
            const definition = INSTRUMENT_DEFINITIONS[instrument];
            return (
              <tr key={instrument}>
                <th scope="row">{definition.title}</th>
                <td>{definition.rater === 'patient' ? 'The patient' : 'The clinician'}</td>
                <td>
                  <strong>{LICENCE_STATUS_LABELS[definition.licence.status]}.</strong> {definition.licence.text}
                </td>
                <td>{definition.credit}</td>
              </tr>
            );
          })}
          <tr>
            <th scope="row">Abnormal Involuntary Movement Scale (AIMS), in the Results tab</th>
            <td>The clinician</td>
            <td>
              <strong>{LICENCE_STATUS_LABELS['public-domain']}.</strong> Published by the US National Institute of Mental Health.
            </td>
            <td>{AIMS_CREDIT}</td>
          </tr>
        </tbody>
      </table>
    </details>
  );
}
