/**
 * Two states of a report compared (`/reports/:id/versions/:a/compare/:b`, `b` a version or the
 * draft): the identity's changes, then per part its sentences — rewritten, added and removed
 * ones highlighted among the unchanged — and its changed cells, old → new.
 */
import { useEffect, useState } from 'react';
import type { CellChange, PartComparison, ReportComparison, SentenceChange, TextComparison } from '../../../schema/compare.ts';
import type { Person } from '../identity.ts';
import { TopBar } from '../pages/TopBar.tsx';
import { Link, historyPath, versionPath } from '../router.tsx';
import { versionLabel } from './history-data.ts';
import { compareVersions } from './versions-api.ts';

interface Props {
  readonly reportId: string;
  readonly from: number;
  readonly to: number | 'draft';
  readonly person: Person;
  readonly onRename: () => void;
}

const placeLabels: Readonly<Record<TextComparison['place'], string | null>> = {
  text: null,
  beforeTable: '表格前的说明',
  afterTable: '表格后的注释',
};

export function ComparePage({ reportId, from, to, person, onRename }: Props) {
  const [comparison, setComparison] = useState<ReportComparison | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);
  useEffect(() => {
    let live = true;
    compareVersions(reportId, from, to).then(
      (c) => live && setComparison(c),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [reportId, from, to]);
  const toLabel = to === 'draft' ? '当前草稿' : versionLabel(to);
  const parts = comparison ? comparison.parts.filter((p) => showAll || p.changed) : [];

  return (
    <div className="compare-page">
      <TopBar person={person} onRename={onRename}>
        <Link to={historyPath(reportId)} className="back-link">
          ← 历史版本
        </Link>
      </TopBar>
      <main className="compare-main">
        <h1>
          <Link to={versionPath(reportId, from)}>{versionLabel(from)}</Link> → {to === 'draft' ? toLabel : <Link to={versionPath(reportId, to)}>{toLabel}</Link>}
        </h1>
        <p className="compare-legend">
          <del>删除或改前的文字</del> <ins>新增或改后的文字</ins>
        </p>
        {error ? <p className="form-error">{error}</p> : null}
        {comparison === null && !error ? <p className="muted">正在比较……</p> : null}
        {comparison && !comparison.changed ? <p className="compare-same">两者的文字和表格数据相同。</p> : null}
        {comparison && comparison.meta.length > 0 ? (
          <section className="compare-part" data-part="meta">
            <h2>报告信息</h2>
            <ChangeTable rows={comparison.meta.map((m) => ({ key: m.field, label: m.label, before: m.before, after: m.after }))} />
          </section>
        ) : null}
        {comparison ? (
          <label className="compare-toggle">
            <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.currentTarget.checked)} />
            也显示没有变化的部分
          </label>
        ) : null}
        {parts.map((part) => (
          <PartChanges key={part.part} part={part} />
        ))}
      </main>
    </div>
  );
}

function PartChanges({ part }: { part: PartComparison }) {
  return (
    <section className={`compare-part${part.changed ? ' changed' : ''}`} data-part={part.part}>
      <h2>{part.title}</h2>
      {part.texts.map((text) =>
        text.sentences.length === 0 ? null : (
          <div key={text.place} className="compare-text" data-place={text.place}>
            {placeLabels[text.place] ? <h3>{placeLabels[text.place]}</h3> : null}
            {blocksOf(text.sentences).map((block, b) => (
              <p key={b}>
                {block.map((s, i) => (
                  <Sentence key={i} change={s} />
                ))}
              </p>
            ))}
          </div>
        ),
      )}
      {part.cells.length > 0 ? <CellChanges cells={part.cells} /> : null}
    </section>
  );
}

/** The sentences as the blocks (paragraphs) they were written in. */
function blocksOf(sentences: readonly SentenceChange[]): SentenceChange[][] {
  const blocks: SentenceChange[][] = [[]];
  for (const sentence of sentences) {
    blocks.at(-1)!.push(sentence);
    if (sentence.endsBlock) blocks.push([]);
  }
  return blocks.filter((block) => block.length > 0);
}

function Sentence({ change }: { change: SentenceChange }) {
  switch (change.kind) {
    case 'same':
      return <span className="sentence same">{change.text}</span>;
    case 'inserted':
      return <ins className="sentence inserted">{change.text}</ins>;
    case 'deleted':
      return <del className="sentence deleted">{change.text}</del>;
    case 'changed':
      return (
        <span className="sentence changed">
          <del>{change.before}</del>
          <ins>{change.after}</ins>
        </span>
      );
  }
}

function CellChanges({ cells }: { cells: readonly CellChange[] }) {
  return <ChangeTable rows={cells.map((c) => ({ key: c.id, label: c.label, before: c.before, after: c.after }))} />;
}

function ChangeTable({ rows }: { rows: readonly { key: string; label: string; before: string; after: string }[] }) {
  return (
    <table className="cell-changes">
      <thead>
        <tr>
          <th>位置</th>
          <th>原值</th>
          <th />
          <th>新值</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} data-cell={row.key}>
            <td>{row.label}</td>
            <td className="old-value">{row.before === '' ? <span className="muted">（空）</span> : row.before}</td>
            <td aria-hidden="true">→</td>
            <td className="new-value">{row.after === '' ? <span className="muted">（空）</span> : row.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
