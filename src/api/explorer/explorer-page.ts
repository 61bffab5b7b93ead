/**
 * The explorer's HTML shell (DESIGN.md §9 "a web explorer page draws risk graphs and paths";
 * issue 8 "open a decision's explanation").
 * Everything interactive lives in the bundled client (client/explorer.js); this page only lays
 * out the regions the client fills and names them for assistive technology.
 */
export function explorerPage(options: { readonly built: boolean }): string {
  const missing = options.built
    ? ''
    : '<p class="banner warn" role="alert">The explorer assets are not built. Run <code>npm run build:explorer</code> (or start from a checkout with esbuild installed). The GraphQL API at <code>/graphql</code> works regardless.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CivGraph — risk explorer</title>
<link rel="stylesheet" href="/explorer/explorer.css">
<script type="module" src="/explorer/explorer.js"></script>
</head>
<body>
<header class="top">
  <h1>CivGraph <span>risk explorer</span></h1>
  <form id="search-form" class="search" role="search">
    <label for="search" class="sr">Search assets and services</label>
    <input id="search" name="search" type="search" placeholder="Search assets and services by name or id…" autocomplete="off">
    <button type="submit">Search</button>
  </form>
  <form id="auth-form" class="auth">
    <label for="api-key">API key</label>
    <input id="api-key" type="password" autocomplete="off" placeholder="X-API-Key">
    <button type="submit" id="auth-save">Use key</button>
    <span id="auth-status" class="pill">not signed in</span>
  </form>
</header>
${missing}
<main>
  <aside class="left">
    <section aria-labelledby="results-h"><h2 id="results-h">Results</h2><ul id="results" class="list"></ul><p id="results-note" class="note"></p></section>
    <section aria-labelledby="controls-h"><h2 id="controls-h">Risk graph</h2>
      <div class="controls">
        <label>Direction <select id="direction"><option value="DOWNSTREAM">Impact (downstream)</option><option value="UPSTREAM">Exposure (upstream)</option></select></label>
        <label>Depth <select id="depth"><option>1</option><option>2</option><option selected>3</option><option>4</option><option>5</option></select></label>
        <label>Min risk <select id="min-risk"><option value="0">0</option><option value="0.05" selected>0.05</option><option value="0.2">0.2</option><option value="0.5">0.5</option></select></label>
        <label>View <select id="view-mode"><option value="auto">Auto</option><option value="nodes">Every node</option><option value="domain">Group by domain</option><option value="zone">Group by domain and zone</option></select></label>
      </div>
    </section>
    <section aria-labelledby="decisions-h"><h2 id="decisions-h">Decisions</h2>
      <button type="button" id="decisions-load">Show recent decisions</button>
      <ul id="decisions" class="list"></ul><p id="decisions-note" class="note"></p>
    </section>
    <section aria-labelledby="legend-h"><h2 id="legend-h">Legend</h2><div id="legend"></div></section>
  </aside>
  <section class="centre" aria-label="Risk graph">
    <div id="summary" class="banner" role="status">Search for an asset, then pick it to draw its risk graph.</div>
    <div id="graph" aria-hidden="true"></div>
  </section>
  <aside class="right">
    <section aria-labelledby="details-h"><h2 id="details-h">Explanation</h2><div id="details" class="details"><p class="note">Select a node to see its properties and why it is at risk.</p></div></section>
    <section aria-labelledby="path-h"><h2 id="path-h">Path</h2><div id="path" class="details"><p class="note">Pick a start and an end node to highlight the most probable path between them.</p></div></section>
    <section aria-labelledby="table-h"><h2 id="table-h">Nodes in view</h2><ol id="node-table" class="list compact"></ol></section>
  </aside>
</main>
</body>
</html>
`;
}
