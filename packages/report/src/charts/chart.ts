/**
 * A chart of the HTML report: a Vega-Lite spec with a title and a one-line caption.
 */

/** A Vega-Lite specification (JSON). */
export type VegaLiteSpec = Record<string, unknown>;

/** One chart: rendered by vega-embed into its own element. */
export interface Chart {
  /** Unique within a report; also the element id. */
  id: string;
  title: string;
  caption: string;
  spec: VegaLiteSpec;
}

/** The Vega-Lite schema URL every spec carries (informational; nothing is fetched). */
export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
