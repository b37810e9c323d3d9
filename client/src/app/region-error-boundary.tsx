import { Component, type ReactNode } from 'react';

interface RegionErrorBoundaryProps {
  /** Region name shown to the operator, already translated. */
  regionLabel: string;
  failedLabel: (region: string) => string;
  retryLabel: string;
  children: ReactNode;
}

interface RegionErrorBoundaryState {
  error: Error | null;
}

/**
 * Keeps one failing region (map, alert list, header) from blanking the whole wall. The rest
 * of the screen keeps running; the region offers a retry.
 */
export class RegionErrorBoundary extends Component<
  RegionErrorBoundaryProps,
  RegionErrorBoundaryState
> {
  override state: RegionErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): RegionErrorBoundaryState {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="region-error" role="alert">
        <p>{this.props.failedLabel(this.props.regionLabel)}</p>
        <button type="button" className="button" onClick={() => this.setState({ error: null })}>
          {this.props.retryLabel}
        </button>
      </div>
    );
  }
}
