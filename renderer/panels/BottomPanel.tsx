import { useState } from 'react';
import { useI18n } from '../i18n';
import { useResults } from '../engine/client';
import { ResultsPanel } from './ResultsPanel';
import { WarningsPanel } from './WarningsPanel';

export function BottomPanel() {
  const { t } = useI18n();
  const [tab, setTab] = useState<'results' | 'warnings'>('results');
  const counts = useResults((s) => {
    const w = s.results?.warnings;
    if (!w) return null;
    let e = 0;
    let x = 0;
    for (const v of w) {
      if (v.severity === 'error') e++;
      else if (v.severity === 'warning') x++;
    }
    return `${e}/${x}/${w.length}`;
  });
  const [errors, warns, total] = counts ? counts.split('/').map(Number) : [0, 0, 0];
  return (
    <>
      <div className="tabs">
        <button
          className={`tab${tab === 'results' ? ' active' : ''}`}
          data-testid="tab-results"
          onClick={() => setTab('results')}
        >
          {t('bottom.results')}
        </button>
        <button
          className={`tab${tab === 'warnings' ? ' active' : ''}`}
          data-testid="tab-warnings"
          onClick={() => setTab('warnings')}
        >
          {t('bottom.warnings')}
          {counts && total! > 0 && (
            <span
              className={`badge ${errors! > 0 ? 'error' : warns! > 0 ? 'warning' : ''}`}
              data-testid="warnings-count"
            >
              {total}
            </span>
          )}
        </button>
      </div>
      {tab === 'results' ? <ResultsPanel /> : <WarningsPanel />}
    </>
  );
}
