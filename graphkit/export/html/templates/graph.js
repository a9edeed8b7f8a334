/* graphkit interactive graph: legend, filters, search, focus, tooltips and details panel.
 *
 * The data comes from the JSON <script> elements written by graphkit/html.py. Every text
 * that came from the data is put into the DOM with textContent (never innerHTML), and the
 * canvas draws labels as plain text, so a name written as an HTML image tag is
 * shown literally. window.graphkit exposes the network and a few counters for tests.
 */
(function () {
  "use strict";

  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const records = read("gk-nodes");
  const edgeRecords = read("gk-edges");
  const options = read("gk-options");
  const meta = read("gk-meta");

  const typeInfo = new Map(meta.legend.types.map((t) => [t.name, t]));
  const relInfo = new Map(meta.legend.relations.map((r) => [r.name, r]));
  const territoryLabel = new Map(meta.territories);
  const byId = new Map(records.map((r) => [r.id, r]));
  const adjacency = new Map(records.map((r) => [r.id, []]));
  for (const e of edgeRecords) {
    adjacency.get(e.from).push(e);
    if (e.to !== e.from) adjacency.get(e.to).push(e);
  }

  const state = {
    types: new Set(typeInfo.keys()),
    relations: new Set(relInfo.keys()),
    territory: "",
    hidePersons: false,
    focus: null,
    visible: new Set(byId.keys()),
  };

  /* --- small DOM helpers: text only ------------------------------------------------ */

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function link(text, onClick) {
    const node = el("span", text, "gk-link");
    node.setAttribute("role", "button");
    node.tabIndex = 0;
    node.addEventListener("click", onClick);
    node.addEventListener("keydown", (ev) => { if (ev.key === "Enter") onClick(); });
    return node;
  }

  function definitions(pairs) {
    const dl = el("dl");
    for (const [term, value] of pairs) {
      if (value === undefined || value === null || value === "" ||
          (Array.isArray(value) && value.length === 0)) continue;
      dl.append(el("dt", term));
      const dd = el("dd");
      if (value instanceof Node) dd.append(value);
      else dd.textContent = Array.isArray(value) ? value.join("; ") : String(value);
      dl.append(dd);
    }
    return dl;
  }

  const typeLabel = (name) => (typeInfo.has(name) ? typeInfo.get(name).label_en : name);
  const relLabel = (name) => (relInfo.has(name) ? relInfo.get(name).label_en : name);
  const nodeLabel = (id) => (byId.has(id) ? byId.get(id).label : id);
  const groupOf = (record) => (typeInfo.has(record.group) ? typeInfo.get(record.group).group : "");

  function formatNumber(value) {
    if (value === null || value === undefined) return "n/a";
    return Number.isInteger(value) ? String(value) : Number(value).toPrecision(4);
  }

  function amountText(e) {
    if (e.amount === undefined) return null;
    const number = Number(e.amount);
    const shown = Number.isFinite(number)
      ? number.toLocaleString("it-IT", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
      : e.amount;
    return `${shown} ${e.cur || ""}`.trim();
  }

  function documentText(docId) {
    const doc = meta.documents[docId];
    if (!doc) return docId;
    return doc.title ? `${doc.title} (${docId})` : docId;
  }

  function sourceLink(doc, docId) {
    // The document's title, linked to where it was published (http(s) only, checked on load).
    const title = doc.title || docId;
    if (!doc.address || !/^https?:\/\//.test(doc.address)) return title;
    const anchor = el("a", title);
    anchor.href = doc.address;
    anchor.target = "_blank";
    anchor.rel = "noopener noreferrer";
    return anchor;
  }

  /* --- the network ---------------------------------------------------------------- */

  function edgeStyle(e) {
    const style = relInfo.get(e.rel);
    return {
      id: e.id, from: e.from, to: e.to, dashes: style.dashes,
      width: e.weight ? 1 + Math.log2(e.weight) : 1,
      color: { color: style.color, highlight: style.color, hover: style.color, inherit: false },
    };
  }

  const nodes = new vis.DataSet(records.map((r) => ({
    id: r.id, label: r.label, group: r.group, x: r.x, y: r.y, size: r.size,
  })));
  const edges = new vis.DataSet(edgeRecords.map(edgeStyle));
  const container = document.getElementById("gk-network");
  const network = new vis.Network(container, { nodes, edges }, options);

  const api = {
    network, nodes, edges, state, meta, firstDraw: null,
    stats: () => ({
      nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length,
      totalNodes: records.length, totalEdges: edgeRecords.length,
    }),
  };
  window.graphkit = api;
  network.once("afterDrawing", () => {
    api.firstDraw = performance.now();
    document.body.setAttribute("data-gk-ready", "1");
  });

  /* --- filters -------------------------------------------------------------------- */

  function territoryMembers() {
    if (!state.territory) return null;
    const inside = records.filter((r) => (r.in || []).includes(state.territory)).map((r) => r.id);
    const members = new Set(inside);
    for (const id of inside) {
      for (const e of adjacency.get(id)) {
        const other = e.from === id ? e.to : e.from;
        if (groupOf(byId.get(other)) !== "territory") members.add(other);
      }
    }
    return members;
  }

  const hiddenNodes = new Set();
  const hiddenEdges = new Set();

  function refresh() {
    const inTerritory = territoryMembers();
    const visible = new Set();
    for (const r of records) {
      if (!state.types.has(r.group)) continue;
      if (state.hidePersons && groupOf(r) === "person") continue;
      if (inTerritory && !inTerritory.has(r.id)) continue;
      if (state.focus && !state.focus.has(r.id)) continue;
      visible.add(r.id);
    }
    state.visible = visible;
    // Only the items whose visibility changes are updated: vis-network redraws once.
    const nodeChanges = [];
    for (const r of records) {
      const hidden = !visible.has(r.id);
      if (hidden !== hiddenNodes.has(r.id)) {
        nodeChanges.push({ id: r.id, hidden });
        if (hidden) hiddenNodes.add(r.id); else hiddenNodes.delete(r.id);
      }
    }
    const edgeChanges = [];
    for (const e of edgeRecords) {
      const hidden = !(state.relations.has(e.rel) && visible.has(e.from) && visible.has(e.to));
      if (hidden !== hiddenEdges.has(e.id)) {
        edgeChanges.push({ id: e.id, hidden });
        if (hidden) hiddenEdges.add(e.id); else hiddenEdges.delete(e.id);
      }
    }
    if (edgeChanges.length) edges.update(edgeChanges);
    if (nodeChanges.length) nodes.update(nodeChanges);
    showCount();
  }

  function showCount() {
    const s = api.stats();
    document.getElementById("gk-count").textContent =
      `Showing ${s.nodes} of ${s.totalNodes} nodes and ${s.edges} of ${s.totalEdges} edges.`;
  }

  function legendRow(fieldset, info, swatch, selected) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = info.name;
    box.addEventListener("change", () => {
      if (box.checked) selected.add(info.name); else selected.delete(info.name);
      refresh();
    });
    label.title = info.label_it;
    label.append(box, swatch, el("span", info.label_en), el("span", info.count, "gk-count"));
    fieldset.append(label);
  }

  function buildControls() {
    const view = document.getElementById("gk-view");
    view.textContent = [meta.view, ...meta.notes, `node size: ${meta.size_by}`].join("; ") + ".";
    const types = document.getElementById("gk-types");
    for (const t of meta.legend.types) {
      const swatch = el("span", null, `gk-swatch gk-shape-${t.shape}`);
      swatch.style.background = t.color;
      legendRow(types, t, swatch, state.types);
    }
    const relations = document.getElementById("gk-relations");
    for (const r of meta.legend.relations) {
      const swatch = el("span", null, r.dashes ? "gk-line gk-dashed" : "gk-line");
      swatch.style.borderTopColor = r.color;
      legendRow(relations, r, swatch, state.relations);
    }
    if (!meta.legend.relations.length) relations.hidden = true;
    const select = document.getElementById("gk-territory");
    for (const [id, label] of meta.territories) {
      const option = el("option", label);
      option.value = id;
      select.append(option);
    }
    select.addEventListener("change", () => { state.territory = select.value; refresh(); });
    if (!meta.territories.length) select.disabled = true;
    const persons = document.getElementById("gk-hide-persons");
    persons.disabled = !records.some((r) => groupOf(r) === "person");
    persons.addEventListener("change", () => { state.hidePersons = persons.checked; refresh(); });
    const physics = document.getElementById("gk-physics");
    physics.checked = options.physics.enabled;
    physics.addEventListener("change", () => {
      network.setOptions({ physics: { enabled: physics.checked } });
    });
    document.getElementById("gk-reset").addEventListener("click", resetAll);
  }

  function resetAll() {
    for (const name of typeInfo.keys()) state.types.add(name);
    for (const name of relInfo.keys()) state.relations.add(name);
    state.territory = "";
    state.hidePersons = false;
    state.focus = null;
    for (const box of document.querySelectorAll("fieldset input[type=checkbox]")) box.checked = true;
    document.getElementById("gk-territory").value = "";
    document.getElementById("gk-hide-persons").checked = false;
    refresh();
    fitAll();
  }

  /** Fit *nodes* (all when omitted), with a margin: vis-network fits node centres, not
   *  their labels. */
  function fitTo(nodes) {
    network.fit(nodes ? { nodes, animation: false } : { animation: false });
    network.moveTo({ scale: network.getScale() * 0.9 });
  }

  const fitAll = () => fitTo();

  function focusOn(id, depth) {
    const seen = new Set([id]);
    let frontier = [id];
    for (let hop = 0; hop < depth; hop += 1) {
      const next = [];
      for (const current of frontier) {
        for (const e of adjacency.get(current)) {
          if (!state.relations.has(e.rel)) continue;
          const other = e.from === current ? e.to : e.from;
          if (!seen.has(other)) { seen.add(other); next.push(other); }
        }
      }
      frontier = next;
    }
    state.focus = seen;
    refresh();
    fitTo([...state.visible]);
    network.selectNodes([id]);
  }

  /* --- search --------------------------------------------------------------------- */

  const normalise = (text) => String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  let searchKeys = null;

  function search(query) {
    const q = normalise(query);
    if (!q) return [];
    if (!searchKeys) {
      searchKeys = records.map((r) => [r, [r.label, ...(r.aliases || []), r.id].map(normalise)]);
    }
    const scored = [];
    for (const [r, keys] of searchKeys) {
      let best = 3;
      for (const key of keys) {
        if (key === q) best = Math.min(best, 0);
        else if (key.startsWith(q)) best = Math.min(best, 1);
        else if (key.includes(q)) best = Math.min(best, 2);
      }
      if (best < 3) scored.push([best, r.label.toLowerCase(), r]);
    }
    scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    return scored.slice(0, 30).map((s) => s[2]);
  }

  function selectNode(id) {
    if (!state.visible.has(id)) resetAll();
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    showNode(id);
  }

  function setupSearch() {
    const input = document.getElementById("gk-search");
    const list = document.getElementById("gk-results");
    let found = [];
    input.addEventListener("input", () => {
      found = search(input.value);
      list.replaceChildren(...found.map((r) => {
        const item = el("li", `${r.label} · ${typeLabel(r.group)}`);
        item.addEventListener("click", () => selectNode(r.id));
        return item;
      }));
      if (input.value.trim() && !found.length) list.replaceChildren(el("li", "no match", "gk-note"));
    });
    input.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && found.length) selectNode(found[0].id);
    });
  }

  /* --- tooltip and details panel -------------------------------------------------- */

  const tooltip = document.getElementById("gk-tooltip");
  const panel = document.getElementById("gk-panel");
  let mouse = { x: 0, y: 0 };
  // Capture phase: vis-network emits its hover events from the canvas's own listener.
  container.addEventListener("mousemove", (ev) => { mouse = { x: ev.clientX, y: ev.clientY }; },
    { capture: true });

  function showTooltip(lines) {
    tooltip.replaceChildren(...lines.filter(Boolean).map((line, i) => el(i ? "div" : "strong", line)));
    tooltip.style.left = `${Math.min(mouse.x + 14, window.innerWidth - 330)}px`;
    tooltip.style.top = `${mouse.y + 14}px`;
    tooltip.hidden = false;
  }

  function nodeSummary(id) {
    const r = byId.get(id);
    const lines = [r.label, typeLabel(r.group)];
    if (r.loc) lines.push(`territory: ${r.loc.map((t) => territoryLabel.get(t) || t).join(", ")}`);
    if (r.parent) lines.push(`part of: ${r.parent[1]}`);
    const i = meta.measures.indexOf(meta.size_by);
    lines.push(`${meta.size_by}: ${formatNumber(r.m[i])}; ${adjacency.get(id).length} relations`);
    return lines;
  }

  function edgeSummary(eid) {
    const e = edgeRecords[eid];
    const lines = [relLabel(e.rel), `${nodeLabel(e.from)} → ${nodeLabel(e.to)}`];
    if (e.role) lines.push(`role: ${e.role}`);
    if (e.amount !== undefined) lines.push(`amount: ${amountText(e)}`);
    if (e.doc) lines.push(`source: ${documentText(e.doc)}, ${e.date || "undated"}, ¶ ${e.par}`);
    if (e.shared !== undefined) lines.push(`${e.shared} shared initiative(s)`);
    return lines;
  }

  function relationItem(e, id) {
    const outgoing = e.from === id;
    const other = outgoing ? e.to : e.from;
    const item = el("li");
    item.append(el("span", `${outgoing ? "" : "← "}${relLabel(e.rel)} `));
    item.append(link(nodeLabel(other), () => selectNode(other)));
    const doc = e.doc ? meta.documents[e.doc] : null;
    const details = [e.role, amountText(e), doc ? doc.title || e.doc : e.doc, e.date]
      .filter(Boolean);
    if (details.length) item.append(el("span", ` (${details.join(", ")})`, "gk-note"));
    item.append(" ", link("evidence", () => showEdge(e.id)));
    return item;
  }

  function showNode(id) {
    const r = byId.get(id);
    const info = typeInfo.get(r.group);
    const parts = [el("h2", r.label), el("p", info ? `${info.label_en} · ${info.label_it}` : r.group,
      "gk-note")];
    const parent = r.parent
      ? (byId.has(r.parent[0]) ? link(r.parent[1], () => selectNode(r.parent[0])) : r.parent[1])
      : null;
    parts.push(definitions([
      ["id", r.id],
      ["also called", r.aliases],
      ["level", r.level],
      ["territory", (r.loc || []).map((t) => territoryLabel.get(t) || t)],
      ["parent", parent],
      ["branches", (r.branches || []).map(nodeLabel)],
      ...Object.entries(r.ids || {}).map(([k, v]) => [k, v]),
      ...Object.entries(r.facts || {}).map(([k, v]) => [meta.properties[k] || k, v]),
      ["sources", (r.docs || []).map(documentText)],
    ]));
    parts.push(el("h3", "Measures (in the view)"));
    parts.push(definitions(meta.measures.map((m, i) => [
      m === meta.size_by ? `${m} (size)` : m, formatNumber(r.m[i])])));
    const depth = el("select");
    for (const d of [1, 2, 3]) {
      const option = el("option", `${d} hop${d > 1 ? "s" : ""}`);
      option.value = String(d);
      depth.append(option);
    }
    depth.value = "2";
    const focusButton = el("button", "Show only its network");
    focusButton.type = "button";
    focusButton.addEventListener("click", () => focusOn(id, Number(depth.value)));
    parts.push(el("div"));
    parts[parts.length - 1].append(focusButton, " within ", depth);
    const incident = adjacency.get(id);
    parts.push(el("h3", `Relations (${incident.length})`));
    const list = el("ul");
    const limit = 300;
    for (const e of incident.slice(0, limit)) list.append(relationItem(e, id));
    if (incident.length > limit) list.append(el("li", `… and ${incident.length - limit} more`));
    parts.push(list);
    panel.replaceChildren(...parts);
  }

  function showEdge(eid) {
    const e = edgeRecords[eid];
    const info = relInfo.get(e.rel);
    const doc = e.doc ? meta.documents[e.doc] || {} : null;
    const parts = [el("h2", info.label_en), el("p", info.label_it, "gk-note")];
    parts.push(definitions([
      ["from", link(nodeLabel(e.from), () => selectNode(e.from))],
      ["to", link(nodeLabel(e.to), () => selectNode(e.to))],
      ["relations", (e.rels || []).map(relLabel)],
      ["role", e.role],
      ["amount", amountText(e)],
      ["start", e.start],
      ["end", e.end],
      ["shared initiatives", e.shared],
      ["direct ties", (e.ties || []).map(relLabel)],
      ["weight", e.weight],
    ]));
    if (e.doc) {
      parts.push(el("h3", "Evidence"));
      parts.push(definitions([
        ["source", sourceLink(doc, e.doc)],
        ["address", doc.address],
        ["document", e.doc],
        ["file", doc.source_file],
        ["kind", doc.kind],
        ["publisher", doc.publisher],
        ["published", doc.date],
        ["date", e.date],
        ["paragraph", e.par],
        ["characters", e.span ? `${e.span[0]}–${e.span[1]}` : null],
        ["confidence", e.conf || "stated"],
        ["method", e.method || "manual"],
        ["note", e.note],
      ]));
    }
    panel.replaceChildren(...parts);
  }

  network.on("hoverNode", (p) => showTooltip(nodeSummary(p.node)));
  network.on("hoverEdge", (p) => showTooltip(edgeSummary(p.edge)));
  network.on("blurNode", () => { tooltip.hidden = true; });
  network.on("blurEdge", () => { tooltip.hidden = true; });
  network.on("dragStart", () => { tooltip.hidden = true; });
  network.on("click", (p) => {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });

  buildControls();
  setupSearch();
  showCount();
  fitAll();
  // Labels are measured on the first draw; fit again so the widest ones are not cut off.
  network.once("afterDrawing", fitAll);
  if (meta.focus && byId.has(meta.focus)) {
    network.selectNodes([meta.focus]);
    showNode(meta.focus);
  }
}());
