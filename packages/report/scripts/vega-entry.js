// Browser entry of the inlined chart runtime: Vega, Vega-Lite and vega-embed as globals.
import * as vega from 'vega';
import embed from 'vega-embed';
import * as vegaLite from 'vega-lite';

globalThis.vega = vega;
globalThis.vegaLite = vegaLite;
globalThis.vegaEmbed = embed;
