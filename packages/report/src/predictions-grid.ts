/**
 * E4's grid of test images titled with the true and predicted class (4 rows x 6 columns), as
 * plain HTML: images are the records' PNG data URLs, wrong predictions in red.
 */
import type { PredictionsRecord } from '@bench/core';
import { escapeHtml } from './html-escape';
import { runLabel } from './records';

/** Renders the first `rows * cols` predictions of a record as an HTML grid. */
export function renderPredictionsGrid(rec: PredictionsRecord, rows = 4, cols = 6): string {
  const name = (i: number) => rec.classNames[i] ?? String(i);
  const items = rec.items.slice(0, rows * cols);
  const cells = items
    .map((it) => {
      const ok = it.label === it.predicted;
      const img =
        it.image && /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+$/.test(it.image)
          ? `<img src="${it.image}" alt="${escapeHtml(name(it.label))}">`
          : '<div class="noimg">no image</div>';
      const p = it.probability !== undefined ? ` (${(it.probability * 100).toFixed(0)}%)` : '';
      return `<figure class="${ok ? 'right' : 'wrong'}">${img}<figcaption>true: ${escapeHtml(name(it.label))}<br>pred: ${escapeHtml(name(it.predicted))}${p}</figcaption></figure>`;
    })
    .join('');
  const correct = items.filter((it) => it.label === it.predicted).length;
  return `<div class="predictions"><h3>${escapeHtml(runLabel(rec))}: ${correct}/${items.length} right</h3><div class="grid" style="grid-template-columns: repeat(${cols}, 1fr)">${cells}</div></div>`;
}
