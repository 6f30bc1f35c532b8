import { Component, type ReactNode } from "react";

interface LoadFailureState {
  failed: boolean;
}

/**
 * Around a part of the wizard whose code loads after the page (lazy-hydration.tsx): if that code cannot be
 * loaded (the connection dropped), the part says so in its place, and the rest of the page keeps working.
 * Without it, the error would replace the whole page with Next.js's error page.
 */
export class LoadFailure extends Component<{ children: ReactNode }, LoadFailureState> {
  state: LoadFailureState = { failed: false };

  static getDerivedStateFromError(): LoadFailureState {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <p className="note" role="alert" data-testid="load-failure">
        This part of the page did not load. Reload the page to try again.
      </p>
    );
  }
}
