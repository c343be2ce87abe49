import { Component, type ErrorInfo, type ReactNode } from 'react';

type State = { failed: boolean };

/** A screen that throws while drawing shows a calm sentence, never a stack trace. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(_error: unknown, _info: ErrorInfo): void {
    // Deliberately not logged: an error message could quote what was on the screen, which may be clinical.
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="standalone">
        <div className="standalone__card">
          <h1 className="standalone__title">This screen could not be shown</h1>
          <p>Something unexpected went wrong while drawing it. Your saved records are not affected.</p>
          <p>
            <button type="button" className="button button--primary" onClick={() => window.location.reload()}>
              Reload Alliance
            </button>
          </p>
        </div>
      </main>
    );
  }
}
