// Import an incident: a facilitator uploads a postmortem, a timeline export, a wheel of
// misfortune or a compiled Ink story, reads the draft beside its validation, lint ("to
// enrich" TODOs, by line) and how its own playthrough plays, and saves it to the catalogue
// where the server allows authoring. The conversion runs on the server; this screen shows.
import { useEffect, useState, type ChangeEvent } from 'react';
import type { ImportPreview, ImportSettings } from '../../shared/protocol.ts';
import { Link } from '../app/Link.tsx';
import { Panel } from '../components/Panel.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { ApiError, importApi } from '../lib/api.ts';
import { describeError } from '../lib/errors.ts';
import { verdict, type Finding } from '../lib/import-review.ts';

type Upload = { fileName: string; text: string };
type State =
  | { step: 'empty' }
  | { step: 'reading'; fileName: string }
  | { step: 'failed'; fileName: string; message: string; line?: number | undefined }
  | { step: 'preview'; upload: Upload; preview: ImportPreview };

const FORMATS: Record<string, string> = {
  markdown: 'a Markdown postmortem',
  csv: 'a CSV timeline',
  'json-timeline': 'a JSON timeline',
  wheel: 'a wheel-of-misfortune list',
  ink: 'a compiled Ink story',
};

export default function ImportScreen() {
  const [settings, setSettings] = useState<ImportSettings | null>(null);
  const [state, setState] = useState<State>({ step: 'empty' });
  const [picked, setPicked] = useState(0);
  const [line, setLine] = useState<number | null>(null);

  useEffect(() => {
    document.title = 'Import an incident · Firedrill';
    importApi
      .settings()
      .then(setSettings)
      .catch(() => setSettings({ saving: false, maxBytes: 262_144 }));
  }, []);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    const max = settings?.maxBytes ?? 262_144;
    if (file.size > max) {
      setState({
        step: 'failed',
        fileName: file.name,
        message: `The file is ${file.size} bytes; this server takes at most ${max}.`,
      });
      return;
    }
    setState({ step: 'reading', fileName: file.name });
    const upload = { fileName: file.name, text: await file.text() };
    try {
      const preview = await importApi.preview(upload.fileName, upload.text);
      setPicked(0);
      setLine(null);
      setState({ step: 'preview', upload, preview });
    } catch (err) {
      setState({
        step: 'failed',
        fileName: file.name,
        message: err instanceof ApiError ? describeError(err) : 'The import failed.',
        line: err instanceof ApiError ? err.line : undefined,
      });
    }
  };

  const draft = state.step === 'preview' ? state.preview.drafts[picked] : undefined;
  return (
    <>
      <TopBar title="Import an incident" sub="from a postmortem, a timeline or a wheel">
        <Link href="/">Back to the lobby</Link>
      </TopBar>
      <main className="page import-layout" id="main">
        <section className="stack" aria-labelledby="import-title">
          <h1 id="import-title">Import an incident</h1>
          <p className="muted" style={{ margin: 0 }}>
            A Markdown postmortem with a <em>Timeline</em> section (<code>.md</code>), a timeline
            export with timestamp, actor, kind and text (<code>.csv</code>, <code>.json</code>), a
            wheel-of-misfortune list or a compiled Ink story (<code>.json</code>). The draft keeps
            the people as roles and what they did as its real playthrough; what only you can decide
            is left as <strong>TODO</strong>.
          </p>
          <label className="upload">
            <span>Incident record</span>
            <input
              type="file"
              accept=".md,.markdown,.csv,.json"
              onChange={(e) => void onFile(e)}
              data-testid="import-file"
            />
          </label>
          {state.step === 'reading' && <p className="muted">Reading {state.fileName}…</p>}
          {state.step === 'failed' && (
            <div className="banner crit" role="alert" data-testid="import-error">
              <span>
                <strong>{state.fileName}</strong>: {state.message}
              </span>
            </div>
          )}
          {state.step === 'preview' && state.preview.drafts.length > 1 && (
            <div className="row">
              <label htmlFor="draft-pick">Draft</label>
              <select
                id="draft-pick"
                value={picked}
                onChange={(e) => setPicked(Number(e.target.value))}
              >
                {state.preview.drafts.map((d, i) => (
                  <option key={d.id} value={i}>
                    {d.title}
                  </option>
                ))}
              </select>
              <span className="faint">
                {state.preview.drafts.length} incidents in this{' '}
                {FORMATS[state.preview.format] ?? 'file'}
              </span>
            </div>
          )}
          {draft && (
            <Panel
              title={`${draft.id}.yaml`}
              count={`${draft.yaml.split('\n').length} lines`}
              tools={
                <>
                  <a download={`${draft.id}.yaml`} href={yamlHref(draft.yaml)}>
                    Download
                  </a>
                  <a download={draft.playthroughFile} href={yamlHref(draft.playthroughYaml)}>
                    Playthrough
                  </a>
                </>
              }
            >
              <ol className="yaml-lines" aria-label="The draft scenario" data-testid="draft-yaml">
                {draft.yaml.split('\n').map((text, i) => (
                  <li
                    key={i}
                    id={`yaml-line-${i + 1}`}
                    className={line === i + 1 ? 'lit' : undefined}
                  >
                    {text || ' '}
                  </li>
                ))}
              </ol>
            </Panel>
          )}
        </section>
        {state.step === 'preview' && draft && (
          <aside className="side" aria-label="Review and save">
            <Review
              key={draft.id}
              draft={draft}
              format={FORMATS[state.preview.format] ?? state.preview.format}
              onLine={(n) => {
                setLine(n);
                document
                  .getElementById(`yaml-line-${n}`)
                  ?.scrollIntoView({ block: 'center', behavior: 'smooth' });
              }}
            />
            <Save
              key={`save-${draft.id}`}
              upload={state.upload}
              draft={draft}
              settings={settings}
            />
          </aside>
        )}
      </main>
    </>
  );
}

type Draft = ImportPreview['drafts'][number];

const yamlHref = (text: string) => `data:text/yaml;charset=utf-8,${encodeURIComponent(text)}`;

function Review({
  draft,
  format,
  onLine,
}: {
  draft: Draft;
  format: string;
  onLine: (line: number) => void;
}) {
  const v = verdict(draft);
  const play = draft.review.play;
  const item = (f: Finding, i: number) => (
    <li key={i}>
      {f.line !== undefined ? (
        <button className="ghost small mono" onClick={() => onLine(f.line!)}>
          line {f.line}
        </button>
      ) : (
        <span className="mono faint">{f.path}</span>
      )}{' '}
      {f.message}
    </li>
  );
  return (
    <Panel title="Review" count={format}>
      <div className="stack" data-testid="draft-review">
        <div className={`banner ${v.ready ? 'ok' : 'crit'}`} role="status">
          {v.headline}
        </div>
        {play && (
          <p style={{ margin: 0 }}>
            Its <span className="mono">{play.name}</span> playthrough scores{' '}
            <strong>{play.percent}%</strong> and{' '}
            {play.ended ? `ends in “${play.phase}”` : `stops in “${play.phase}”`}.
          </p>
        )}
        {v.errors.length > 0 && (
          <>
            <h3>Errors</h3>
            <ul className="findings">{v.errors.map(item)}</ul>
          </>
        )}
        {v.warnings.length > 0 && (
          <>
            <h3>Warnings</h3>
            <ul className="findings">{v.warnings.map(item)}</ul>
          </>
        )}
        {v.toEnrich.length > 0 && (
          <>
            <h3>To enrich</h3>
            <ul className="findings" data-testid="to-enrich">
              {v.toEnrich.map(item)}
            </ul>
          </>
        )}
      </div>
    </Panel>
  );
}

function Save({
  upload,
  draft,
  settings,
}: {
  upload: Upload;
  draft: Draft;
  settings: ImportSettings | null;
}) {
  const [key, setKey] = useState('');
  const [result, setResult] = useState<
    { ok: true } | { ok: false; message: string } | 'saving' | null
  >(null);
  if (!settings) return null;
  if (!settings.saving)
    return (
      <Panel title="Save to the catalogue">
        <p className="muted" style={{ margin: 0 }}>
          Saving is off on this server: download the draft and its playthrough above, or ask whoever
          runs it to start it with <code>AUTHORING_TOKEN</code> set.
        </p>
      </Panel>
    );
  const verdictReady = verdict(draft).ready;
  const save = async () => {
    setResult('saving');
    try {
      await importApi.save(upload.fileName, upload.text, draft.id, key);
      setResult({ ok: true });
    } catch (err) {
      setResult({
        ok: false,
        message: err instanceof ApiError ? describeError(err) : 'Saving failed.',
      });
    }
  };
  return (
    <Panel title="Save to the catalogue">
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {draft.exists ? (
          <p className="banner warn" style={{ margin: 0 }}>
            A scenario “{draft.id}” is already in the catalogue; it is kept as it is.
          </p>
        ) : (
          <p className="faint" style={{ margin: 0 }}>
            Writes <span className="mono">{draft.id}.yaml</span> and{' '}
            <span className="mono">playthroughs/{draft.playthroughFile}</span>.
          </p>
        )}
        <label className="stack" style={{ gap: 4 }}>
          <span>Authoring key</span>
          <input
            type="password"
            autoComplete="off"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            data-testid="authoring-key"
          />
        </label>
        <button
          className="primary"
          type="submit"
          disabled={
            !verdictReady ||
            draft.exists ||
            key === '' ||
            result === 'saving' ||
            (result !== null && result.ok)
          }
        >
          Save “{draft.title}”
        </button>
        {result !== null && result !== 'saving' && (
          <div
            className={`banner ${result.ok ? 'ok' : 'crit'}`}
            role={result.ok ? 'status' : 'alert'}
            data-testid="save-result"
          >
            {result.ok ? (
              <span>
                Saved. <Link href="/">Create a drill from it in the lobby</Link>.
              </span>
            ) : (
              <span>{result.message}</span>
            )}
          </div>
        )}
      </form>
    </Panel>
  );
}
