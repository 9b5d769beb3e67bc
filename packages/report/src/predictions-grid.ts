/**
 * E4's grid of test images titled with the true and predicted class (4 rows x 6 columns), as
 * plain HTML: images are the records' PNG data URLs, wrong predictions in red. Grids of several
 * backends sit side by side, each with its run's test loss and accuracy under it.
 */
import type { PredictionsRecord, RunRecord } from '@bench/core';
import { escapeHtml } from './html-escape';
import { groupBy, runLabel } from './records';

/** The test figures under a grid: the run record's final validation (test) loss and accuracy. */
function testLine(run: RunRecord | undefined): string {
  if (!run) return 'test loss — · test accuracy — (no run record)';
  const loss = run.finalValidLoss ?? undefined;
  const err = run.finalErrorRate ?? undefined;
  return `test loss ${loss === undefined ? '—' : loss.toFixed(4)} · test accuracy ${err === undefined ? '—' : `${((1 - err) * 100).toFixed(2)}%`}`;
}

/**
 * Renders the first `rows * cols` predictions of a record as an HTML grid; with its run record,
 * the test loss and accuracy go under the grid.
 */
export function renderPredictionsGrid(rec: PredictionsRecord, rows = 4, cols = 6, run?: RunRecord): string {
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
  return `<div class="predictions" data-backend="${escapeHtml(rec.backend)}"><h4>${escapeHtml(runLabel(rec))}</h4><div class="device">${escapeHtml(rec.device)}</div><div class="grid" style="grid-template-columns: repeat(${cols}, 1fr)">${cells}</div><p class="test">${escapeHtml(testLine(run))}<br>${correct}/${items.length} of these right</p></div>`;
}

/** Every predictions record's grid, grouped by backend, the backends side by side. */
export function renderPredictionsSideBySide(
  predictions: readonly PredictionsRecord[],
  runs: readonly RunRecord[],
): string {
  const byRun = new Map(runs.map((r) => [r.runId, r]));
  const grids = [...groupBy(predictions, (p) => p.backend).values()].flatMap((group) =>
    group.map((p) => renderPredictionsGrid(p, 4, 6, byRun.get(p.runId))),
  );
  return `<div class="side-by-side">${grids.join('')}</div>`;
}
