import { escapeHtml, jsonForScript } from "./escape.js";

/** One request behind a number: what was asked, what came back, and how it was judged. */
export interface Transcript {
  id: string;
  title: string;
  prompt: string;
  output: string;
  meta: Record<string, string | number | boolean | null>;
}

/** Longest text kept per transcript field, so one runaway answer cannot make the report huge. */
export const MAX_FIELD_CHARS = 4000;

const clip = (s: string): string =>
  s.length > MAX_FIELD_CHARS
    ? `${s.slice(0, MAX_FIELD_CHARS)}… [${s.length - MAX_FIELD_CHARS} more characters in the records]`
    : s;

// The pager builds every node with textContent, never innerHTML, so model text stays text.
const PAGER = `
(function () {
  var data = JSON.parse(document.getElementById("transcript-data").textContent);
  var list = document.getElementById("transcripts");
  var info = document.getElementById("transcript-page");
  var filter = document.getElementById("transcript-filter");
  var size = 50, page = 0, shown = data;
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
  function render() {
    list.replaceChildren();
    var pages = Math.max(1, Math.ceil(shown.length / size));
    page = Math.min(page, pages - 1);
    shown.slice(page * size, (page + 1) * size).forEach(function (t) {
      var d = el("details", undefined, "transcript");
      d.appendChild(el("summary", t.title));
      var meta = Object.keys(t.meta).map(function (k) { return k + ": " + t.meta[k]; }).join(" · ");
      d.appendChild(el("div", meta, "meta"));
      d.appendChild(el("h4", "prompt"));
      d.appendChild(el("pre", t.prompt));
      d.appendChild(el("h4", "output"));
      d.appendChild(el("pre", t.output));
      list.appendChild(d);
    });
    info.textContent = "page " + (page + 1) + " of " + pages + " (" + shown.length + " transcripts)";
  }
  document.getElementById("transcript-prev").onclick = function () { if (page > 0) { page--; render(); } };
  document.getElementById("transcript-next").onclick = function () { page++; render(); };
  filter.oninput = function () {
    var q = filter.value.toLowerCase();
    shown = q ? data.filter(function (t) { return (t.title + " " + t.prompt + " " + t.output).toLowerCase().indexOf(q) >= 0; }) : data;
    page = 0; render();
  };
  render();
})();
`;

/** The transcripts section: data embedded as JSON, paged in the browser so a long run opens quickly. */
export function transcriptsSection(shown: readonly Transcript[], total: number): string {
  const data = shown.map((t) => ({ ...t, prompt: clip(t.prompt), output: clip(t.output) }));
  const note =
    total > shown.length
      ? `<p class="note">Showing ${shown.length} of ${total} requests; every record is in the run directory's records.jsonl.</p>`
      : "";
  return `<section id="transcripts-section"><h2>Transcripts</h2>${note}
<div class="pager"><button id="transcript-prev">◀ previous</button> <span id="transcript-page"></span> <button id="transcript-next">next ▶</button> <input id="transcript-filter" placeholder="filter" aria-label="filter transcripts"></div>
<div id="transcripts"></div>
<script type="application/json" id="transcript-data">${jsonForScript(data)}</script>
<script>${PAGER}</script></section>`;
}

export { escapeHtml };
