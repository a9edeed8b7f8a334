/* graphkit interactive graph: legend, filters, time slider, search, focus, colour and size,
 * tooltips and details panel, pictures and tables of the view, and the view's state in the
 * address (#fragment) so that a copied link reopens it.
 *
 * The data comes from the JSON <script> elements written by graphkit/export/html/page.py.
 * Every text that came from the data is put into the DOM with textContent (never
 * innerHTML), into SVG <text> the same way, and the canvas draws labels as plain text, so a
 * name written as an HTML image tag is shown literally. window.graphkit exposes the network,
 * the state and a few counters for tests.
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
  const territoryLabel = new Map(meta.territories.map(([id, label]) => [id, label]));
  const territoryLevel = new Map(meta.territories.map(([id, , level]) => [id, level]));
  const structural = new Set(meta.structural);
  const byId = new Map(records.map((r) => [r.id, r]));
  const adjacency = new Map(records.map((r) => [r.id, []]));
  for (const e of edgeRecords) {
    adjacency.get(e.from).push(e);
    if (e.to !== e.from) adjacency.get(e.to).push(e);
  }

  /* --- time: units (years or months), windows, intervals ---------------------------- */

  const time = meta.time ? (() => {
    const monthly = meta.time.unit === "month";
    const parse = (text) => {
      const m = /^(\d{4})(?:-(\d{2}))?$/.exec(String(text));
      if (!m) return null;
      return monthly ? Number(m[1]) * 12 + (m[2] ? Number(m[2]) - 1 : 0) : Number(m[1]);
    };
    const label = (i) => (monthly
      ? `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}` : String(i));
    // First and last day (YYYYMMDD) of a unit.
    const days = (i) => (monthly
      ? [Math.floor(i / 12) * 10000 + ((i % 12) + 1) * 100 + 1,
        Math.floor(i / 12) * 10000 + ((i % 12) + 1) * 100 + 31]
      : [i * 10000 + 101, i * 10000 + 1231]);
    return { monthly, parse, label, days, min: parse(meta.time.from), max: parse(meta.time.to),
      year: monthly ? 12 : 1, spans: meta.time.spans };
  })() : null;

  const state = {
    types: new Set(typeInfo.keys()),
    relations: new Set(relInfo.keys()),
    territory: "",
    hidePersons: false,
    focusId: null,
    depth: 2,
    focus: null,
    query: "",
    window: time ? [time.min, time.max] : null,
    showUndated: true,
    colour: "type",
    size: meta.size_by,
    selected: null,
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

  /* --- filters ------------------------------------------------------------------- */

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

  /** Whether the time filter changes anything: a narrower window or undated items hidden. */
  function timeFiltered() {
    return Boolean(time) && (state.window[0] > time.min || state.window[1] < time.max ||
      !state.showUndated);
  }

  /** For each interval of the page, whether it overlaps the window; null when all do. */
  function spansInWindow() {
    if (!timeFiltered()) return null;
    const lo = time.days(state.window[0])[0];
    const hi = time.days(state.window[1])[1];
    return Uint8Array.from(time.spans, ([a, b]) => (a <= hi && b >= lo ? 1 : 0));
  }

  function timeOk(t, inWindow) {
    if (t === undefined || inWindow === null) return true;
    const ok = (c) => (c < 0 ? state.showUndated : inWindow[c] === 1);
    if (typeof t === "number") return ok(t);
    return t.some((condition) => condition.every(ok));
  }

  function focusSet(inWindow) {
    if (!state.focusId || !byId.has(state.focusId)) return null;
    const seen = new Set([state.focusId]);
    let frontier = [state.focusId];
    for (let hop = 0; hop < state.depth; hop += 1) {
      const next = [];
      for (const current of frontier) {
        for (const e of adjacency.get(current)) {
          if (!state.relations.has(e.rel) || !timeOk(e.t, inWindow)) continue;
          const other = e.from === current ? e.to : e.from;
          if (!seen.has(other)) { seen.add(other); next.push(other); }
        }
      }
      frontier = next;
    }
    return seen;
  }

  const hiddenNodes = new Set();
  const hiddenEdges = new Set();

  /** Hide and show nodes and edges. vis-network decides what it draws from each item's
   *  options.hidden (Network._updateVisibleIndices, on "_dataUpdated"); setting it and
   *  announcing the change once costs milliseconds, where DataSet.update re-parses every
   *  changed item's options (half a second for a few thousand edges). The DataSets keep the
   *  data as loaded. With physics on, "_dataChanged" also tells the simulation. */
  function setHidden(nodeChanges, edgeChanges) {
    if (!nodeChanges.length && !edgeChanges.length) return;
    for (const { id, hidden } of nodeChanges) network.body.nodes[id].options.hidden = hidden;
    for (const { id, hidden } of edgeChanges) network.body.edges[id].options.hidden = hidden;
    network.body.emitter.emit(network.physics.physicsEnabled ? "_dataChanged" : "_dataUpdated");
  }
  const shownEdges = new Uint8Array(edgeRecords.length);

  function refresh() {
    const inTerritory = territoryMembers();
    const inWindow = spansInWindow();
    state.focus = focusSet(inWindow);
    let visible = new Set();
    for (const r of records) {
      if (!state.types.has(r.group)) continue;
      if (state.hidePersons && groupOf(r) === "person") continue;
      if (inTerritory && !inTerritory.has(r.id)) continue;
      if (state.focus && !state.focus.has(r.id)) continue;
      if (!timeOk(r.t, inWindow)) continue;
      visible.add(r.id);
    }
    const active = new Set();
    for (const e of edgeRecords) {
      const shown = state.relations.has(e.rel) && visible.has(e.from) && visible.has(e.to) &&
        timeOk(e.t, inWindow);
      shownEdges[e.id] = shown ? 1 : 0;
      if (shown && !structural.has(e.rel)) { active.add(e.from); active.add(e.to); }
    }
    if (inWindow !== null) {
      // As in a windowed view: what is left without a dated relation goes (territories stay).
      visible = new Set([...visible].filter((id) => active.has(id) ||
        groupOf(byId.get(id)) === "territory"));
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
      const hidden = !(shownEdges[e.id] && visible.has(e.from) && visible.has(e.to));
      if (hidden !== hiddenEdges.has(e.id)) {
        edgeChanges.push({ id: e.id, hidden });
        if (hidden) hiddenEdges.add(e.id); else hiddenEdges.delete(e.id);
      }
    }
    setHidden(nodeChanges, edgeChanges);
    showCount();
    showTime();
    saveState();
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

  /* --- time slider ---------------------------------------------------------------- */

  const slider = {
    from: document.getElementById("gk-time-from"),
    to: document.getElementById("gk-time-to"),
    play: document.getElementById("gk-play"),
    undated: document.getElementById("gk-undated"),
    timer: null,
  };

  function showTime() {
    if (!time) return;
    slider.from.value = String(state.window[0]);
    slider.to.value = String(state.window[1]);
    slider.undated.checked = state.showUndated;
    const [lo, hi] = state.window;
    document.getElementById("gk-time-label").textContent = lo === hi ? time.label(lo)
      : `${time.label(lo)} – ${time.label(hi)}`;
  }

  function setWindow(lo, hi) {
    const a = Math.max(time.min, Math.min(lo, time.max));
    const b = Math.max(a, Math.min(hi, time.max));
    state.window = [a, b];
    refresh();
  }

  function stopPlaying() {
    if (slider.timer !== null) clearInterval(slider.timer);
    slider.timer = null;
    slider.play.textContent = "\u25B6 Play the years";
  }

  /** Step the window through the years (one year wide unless a narrower one is set). */
  function play() {
    if (slider.timer !== null) { stopPlaying(); return; }
    let width = state.window[1] - state.window[0];
    if (width >= time.max - time.min) width = time.year - 1;
    let start = time.min;
    if (time.monthly) start -= start % 12;
    setWindow(start, start + width);
    slider.play.textContent = "\u25A0 Stop";
    slider.timer = setInterval(() => {
      start += time.year;
      if (start > time.max) { stopPlaying(); return; }
      setWindow(start, start + width);
    }, 1200);
  }

  function buildTime() {
    const fieldset = document.getElementById("gk-time");
    if (!time) { fieldset.hidden = true; return; }
    for (const input of [slider.from, slider.to]) {
      input.min = String(time.min);
      input.max = String(time.max);
    }
    slider.from.addEventListener("input", () => {
      const lo = Number(slider.from.value);
      setWindow(lo, Math.max(lo, state.window[1]));
    });
    slider.to.addEventListener("input", () => {
      const hi = Number(slider.to.value);
      setWindow(Math.min(hi, state.window[0]), hi);
    });
    slider.play.addEventListener("click", play);
    slider.undated.addEventListener("change", () => {
      state.showUndated = slider.undated.checked;
      refresh();
    });
    const { nodes: n, edges: m } = meta.time.undated;
    const parts = [];
    if (n) parts.push(`${n} undated initiative${n === 1 ? "" : "s"}`);
    if (m) parts.push(`${m} undated relation${m === 1 ? "" : "s"}`);
    document.getElementById("gk-undated-count").textContent = parts.length
      ? `${parts.join(" and ")}: no date places them in a window.` : "Every item is dated.";
    slider.undated.disabled = !parts.length;
    showTime();
  }

  /* --- colour and size ------------------------------------------------------------ */

  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#393b79", "#ad494a", "#637939", "#7b4173", "#3182bd", "#e6550d",
    "#31a354", "#756bb1", "#843c39", "#8c6d31", "#de9ed6"];
  const OTHER = "#b0b0b0";
  const LEVELS = [["municipality", "comune"], ["area", "area (district, valley)"],
    ["province", "province"], ["region", "region"], ["country", "national"]];
  const levelRank = new Map(LEVELS.map(([name], i) => [name, i]));
  const levelLabel = new Map(LEVELS);

  /** The category of a node when colouring by *mode*: [key, label]. */
  function category(r, mode) {
    if (mode === "community") return [String(r.c), `community ${r.c}`];
    if (mode === "region") {
      const regions = (r.in || []).filter((t) => territoryLevel.get(t) === "region");
      if (regions.length === 1) return [regions[0], territoryLabel.get(regions[0])];
      if (regions.length > 1) return ["~several", "several regions"];
      if ((r.in || []).some((t) => territoryLevel.get(t) === "country")) return ["~national", "national"];
      return ["~none", "no territory"];
    }
    const own = groupOf(r) === "territory" ? [r.id] : r.loc || [];
    const levels = own.map((t) => territoryLevel.get(t)).filter((l) => levelRank.has(l));
    if (!levels.length) return ["~none", "no territory"];
    const finest = levels.reduce((a, b) => (levelRank.get(a) <= levelRank.get(b) ? a : b));
    return [finest, levelLabel.get(finest)];
  }

  /** Categories of *mode* with their colours and counts, largest first. */
  function categories(mode) {
    const found = new Map();
    for (const r of records) {
      const [key, label] = category(r, mode);
      if (!found.has(key)) found.set(key, { key, label, count: 0, top: r });
      const entry = found.get(key);
      entry.count += 1;
      if (measureOf(r, state.size) > measureOf(entry.top, state.size)) entry.top = r;
    }
    const list = [...found.values()].sort((a, b) => {
      const none = (x) => (x.key.startsWith("~") ? 1 : 0);
      return none(a) - none(b) || b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
    });
    if (mode === "level") list.sort((a, b) => (levelRank.has(a.key) ? levelRank.get(a.key) : 99) -
      (levelRank.has(b.key) ? levelRank.get(b.key) : 99));
    let next = 0;
    for (const entry of list) {
      entry.color = entry.key.startsWith("~") || next >= PALETTE.length ? OTHER : PALETTE[next++];
      if (mode === "community") entry.label = `${entry.label}: ${entry.top.label}…`;
    }
    return list;
  }

  const colourOf = (c) => ({ background: c, border: c, highlight: { background: c, border: "#000000" },
    hover: { background: c, border: "#000000" } });

  function applyColour() {
    const legend = document.getElementById("gk-colour-legend");
    let colours;
    if (state.colour === "type") {
      colours = (r) => typeInfo.get(r.group).color;
      legend.hidden = true;
    } else {
      const list = categories(state.colour);
      const byKey = new Map(list.map((entry) => [entry.key, entry.color]));
      colours = (r) => byKey.get(category(r, state.colour)[0]);
      legend.replaceChildren(...list.map((entry) => {
        const item = el("li");
        const swatch = el("span", null, "gk-swatch gk-shape-dot");
        swatch.style.background = entry.color;
        item.append(swatch, el("span", entry.label), el("span", entry.count, "gk-count"));
        return item;
      }));
      legend.hidden = false;
    }
    nodes.update(records.map((r) => ({ id: r.id, color: colourOf(colours(r)) })));
  }

  const measureIndex = new Map(meta.measures.map((m, i) => [m, i]));
  const measureOf = (r, m) => {
    const value = r.m[measureIndex.get(m)];
    return value === null || value === undefined ? -Infinity : value;
  };

  function applySize() {
    const i = measureIndex.get(state.size);
    const top = Math.max(0, ...records.map((r) => r.m[i] || 0));
    nodes.update(records.map((r) => ({
      id: r.id,
      size: top > 0 ? Math.round((8 + 32 * Math.sqrt(Math.max(0, r.m[i] || 0) / top)) * 10) / 10 : 8,
    })));
  }

  function buildLooks() {
    const colour = document.getElementById("gk-colour");
    colour.addEventListener("change", () => { state.colour = colour.value; applyColour(); saveState(); });
    const size = document.getElementById("gk-size");
    for (const m of meta.measures) {
      const option = el("option", m === "constraint" ? "constraint (low = broker)" : m.replace("_", " "));
      option.value = m;
      size.append(option);
    }
    size.value = state.size;
    size.addEventListener("change", () => {
      state.size = size.value;
      applySize();
      // The legend names each community by its member of largest size.
      if (state.colour === "community") applyColour();
      saveState();
    });
  }

  /* --- the view's state in the address ---------------------------------------------- */

  /** The state that differs from the page as it opens, as URL parameters. */
  function stateParams() {
    const p = new URLSearchParams();
    const hiddenTypes = [...typeInfo.keys()].filter((t) => !state.types.has(t));
    if (hiddenTypes.length) p.set("hide-types", hiddenTypes.join(","));
    const hiddenRels = [...relInfo.keys()].filter((r) => !state.relations.has(r));
    if (hiddenRels.length) p.set("hide-relations", hiddenRels.join(","));
    if (state.territory) p.set("territory", state.territory);
    if (state.hidePersons) p.set("persons", "hidden");
    if (state.query) p.set("q", state.query);
    if (state.focusId) { p.set("focus", state.focusId); p.set("depth", String(state.depth)); }
    if (time && (state.window[0] > time.min || state.window[1] < time.max)) {
      p.set("time", `${time.label(state.window[0])}..${time.label(state.window[1])}`);
    }
    if (!state.showUndated) p.set("undated", "hidden");
    if (state.colour !== "type") p.set("colour", state.colour);
    if (state.size !== meta.size_by) p.set("size", state.size);
    if (state.selected) p.set(state.selected[0], String(state.selected[1]));
    return p;
  }

  let loading = false;

  function saveState() {
    if (loading) return;
    const text = stateParams().toString();
    const base = location.href.split("#")[0];
    const url = text ? `${base}#${text}` : base;
    if (url !== location.href) {
      try { history.replaceState(null, "", url); } catch (error) { /* not allowed here */ }
    }
    const link = document.getElementById("gk-link");
    link.value = url;
    if (meta.other) {
      // Edges are numbered per page: a selected edge does not carry over; the rest does
      // where it applies (the other page ignores names it does not have).
      const carried = stateParams();
      carried.delete("edge");
      const state = carried.toString();
      document.getElementById("gk-other").href = state ? `${meta.other.href}#${state}` : meta.other.href;
    }
  }

  /** Apply the state written in *hash* (unknown names and values are ignored). */
  function loadState(hash) {
    const p = new URLSearchParams(hash.replace(/^#/, ""));
    const list = (name) => (p.get(name) || "").split(",").filter(Boolean);
    loading = true;
    state.types = new Set(typeInfo.keys());
    for (const t of list("hide-types")) state.types.delete(t);
    state.relations = new Set(relInfo.keys());
    for (const r of list("hide-relations")) state.relations.delete(r);
    for (const box of document.querySelectorAll("#gk-types input")) box.checked = state.types.has(box.value);
    for (const box of document.querySelectorAll("#gk-relations input")) box.checked = state.relations.has(box.value);
    const territory = p.get("territory") || "";
    state.territory = territoryLabel.has(territory) ? territory : "";
    document.getElementById("gk-territory").value = state.territory;
    state.hidePersons = p.get("persons") === "hidden";
    document.getElementById("gk-hide-persons").checked = state.hidePersons;
    state.focusId = byId.has(p.get("focus")) ? p.get("focus") : null;
    state.depth = Math.max(0, Math.min(9, Number.parseInt(p.get("depth"), 10) || 2));
    if (time) {
      const [lo, hi] = (p.get("time") || "").split("..").map(time.parse);
      state.window = lo !== null && hi !== null && lo !== undefined && hi !== undefined
        ? [Math.max(time.min, Math.min(lo, time.max)), Math.max(time.min, Math.min(Math.max(lo, hi), time.max))]
        : [time.min, time.max];
      state.showUndated = p.get("undated") !== "hidden";
    }
    const colour = p.get("colour");
    state.colour = ["community", "region", "level"].includes(colour) ? colour : "type";
    document.getElementById("gk-colour").value = state.colour;
    const size = p.get("size");
    state.size = measureIndex.has(size) ? size : meta.size_by;
    document.getElementById("gk-size").value = state.size;
    state.query = p.get("q") || "";
    const input = document.getElementById("gk-search");
    input.value = state.query;
    input.dispatchEvent(new Event("input"));
    refresh();
    applySize();
    applyColour();
    state.selected = null;
    network.unselectAll();
    if (state.focus) fitTo([...state.visible]); else fitAll();
    if (p.has("node") && state.visible.has(p.get("node"))) {
      const id = p.get("node");
      network.selectNodes([id]);
      showNode(id);
    } else if (p.has("edge") && edgeRecords[Number(p.get("edge"))] &&
               !hiddenEdges.has(Number(p.get("edge")))) {
      const id = Number(p.get("edge"));
      network.selectEdges([id]);
      showEdge(id);
    }
    loading = false;
    saveState();
  }

  /* --- pictures and tables of the view -------------------------------------------- */

  const FILE_BASE = "graph-view";

  function download(name, blob) {
    const url = URL.createObjectURL(blob);
    const anchor = el("a");
    anchor.href = url;
    anchor.download = name;
    anchor.hidden = true;
    document.body.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  /** The drawn canvas on a white background, as a PNG blob. */
  function pngBlob() {
    network.redraw();
    const canvas = container.querySelector("canvas");
    const out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    const context = out.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, out.width, out.height);
    context.drawImage(canvas, 0, 0);
    return new Promise((resolve) => out.toBlob(resolve, "image/png"));
  }

  const SVG_NS = "http://www.w3.org/2000/svg";

  function svgElement(tag, attributes) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
    return node;
  }

  function svgShape(shape, x, y, r, color) {
    const points = (list) => list.map(([a, b]) => `${(x + a * r).toFixed(1)},${(y + b * r).toFixed(1)}`).join(" ");
    const style = { fill: color, stroke: color, "stroke-width": 1 };
    if (shape === "square") return svgElement("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, ...style });
    if (shape === "diamond") return svgElement("polygon", { points: points([[0, -1], [1, 0], [0, 1], [-1, 0]]), ...style });
    if (shape === "triangle") return svgElement("polygon", { points: points([[0, -1], [0.87, 0.5], [-0.87, 0.5]]), ...style });
    if (shape === "star") {
      const star = [];
      for (let i = 0; i < 10; i += 1) {
        const angle = -Math.PI / 2 + (i * Math.PI) / 5;
        const radius = i % 2 ? 0.45 : 1;
        star.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
      }
      return svgElement("polygon", { points: points(star), ...style });
    }
    return svgElement("circle", { cx: x, cy: y, r, ...style });
  }

  /** The view as drawn (visible nodes and edges, where they are, with their colours, sizes
   *  and labels) as an SVG document; labels are text nodes. */
  function svgText() {
    const width = container.clientWidth;
    const height = container.clientHeight;
    const scale = network.getScale();
    const centre = network.getViewPosition();
    const svg = svgElement("svg", { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}` });
    const title = svgElement("title", {});
    title.textContent = `${meta.title}: ${meta.view}`;
    svg.append(title, svgElement("rect", { x: 0, y: 0, width, height, fill: "#ffffff" }));
    const defs = svgElement("defs", {});
    const marker = svgElement("marker", { id: "gk-arrow", viewBox: "0 0 10 10", refX: 10, refY: 5,
      markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" });
    marker.append(svgElement("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#777777" }));
    defs.append(marker);
    svg.append(defs);
    const g = svgElement("g", { transform: `translate(${width / 2} ${height / 2}) scale(${scale}) translate(${-centre.x} ${-centre.y})` });
    const ids = [...state.visible];
    const where = network.getPositions(ids);
    const edgeGroup = svgElement("g", { class: "edges" });
    for (const e of edgeRecords) {
      if (hiddenEdges.has(e.id)) continue;
      const a = where[e.from];
      const b = where[e.to];
      if (!a || !b) continue;
      const item = network.body.edges[e.id];
      const style = relInfo.get(e.rel);
      const line = svgElement("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: style.color,
        "stroke-width": item ? item.options.width : 1, "data-relation": e.rel });
      if (style.dashes) line.setAttribute("stroke-dasharray", "5 5");
      if (meta.directed) line.setAttribute("marker-end", "url(#gk-arrow)");
      edgeGroup.append(line);
    }
    const nodeGroup = svgElement("g", { class: "nodes" });
    const labelGroup = svgElement("g", { class: "labels", "font-family": "sans-serif", "font-size": 14,
      "text-anchor": "middle", stroke: "#ffffff", "stroke-width": 3, "paint-order": "stroke", fill: "#222222" });
    const showLabels = 14 * scale >= options.nodes.scaling.label.drawThreshold;
    for (const id of ids) {
      const item = network.body.nodes[id];
      const p = where[id];
      if (!item || !p) continue;
      const shape = svgShape(item.options.shape, p.x, p.y, item.options.size, item.options.color.background);
      shape.setAttribute("data-id", id);
      nodeGroup.append(shape);
      if (showLabels) {
        const label = svgElement("text", { x: p.x, y: p.y + item.options.size + 15 });
        label.textContent = byId.get(id).label;
        labelGroup.append(label);
      }
    }
    g.append(edgeGroup, nodeGroup, labelGroup);
    svg.append(g);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
  }

  /** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula
   *  (beginning with = + - @, tab or carriage return) gets a leading quote (OWASP). */
  function csvCell(value) {
    if (value === undefined || value === null) return "";
    if (typeof value === "number") return String(value);
    let text = Array.isArray(value) ? value.join("; ") : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
  }

  const csv = (rows) => `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;

  function nodesCsv() {
    const header = ["id", "label", "type", "territory", "region", "level", "community", ...meta.measures];
    const rows = [header];
    for (const r of records) {
      if (!state.visible.has(r.id)) continue;
      rows.push([r.id, r.label, typeLabel(r.group), (r.loc || []).map((t) => territoryLabel.get(t) || t),
        category(r, "region")[1], category(r, "level")[1], r.c, ...r.m]);
    }
    return csv(rows);
  }

  function edgesCsv() {
    const rows = [["id", "from_id", "from", "relation", "to_id", "to", "date", "source", "document",
      "paragraph", "role", "amount", "currency", "weight", "shared_initiatives"]];
    for (const e of edgeRecords) {
      if (hiddenEdges.has(e.id)) continue;
      const doc = e.doc ? meta.documents[e.doc] : null;
      rows.push([e.id, e.from, nodeLabel(e.from), relLabel(e.rel), e.to, nodeLabel(e.to), e.date,
        doc ? doc.title : null, e.doc, e.par, e.role, e.amount === undefined ? null : Number(e.amount),
        e.cur, e.weight, e.shared]);
    }
    return csv(rows);
  }

  function buildExport() {
    document.getElementById("gk-png").addEventListener("click", async () => {
      download(`${FILE_BASE}.png`, await pngBlob());
    });
    document.getElementById("gk-svg").addEventListener("click", () => {
      download(`${FILE_BASE}.svg`, new Blob([svgText()], { type: "image/svg+xml" }));
    });
    document.getElementById("gk-csv-nodes").addEventListener("click", () => {
      download(`${FILE_BASE}-nodes.csv`, new Blob([nodesCsv()], { type: "text/csv" }));
    });
    document.getElementById("gk-csv-edges").addEventListener("click", () => {
      download(`${FILE_BASE}-edges.csv`, new Blob([edgesCsv()], { type: "text/csv" }));
    });
    const link = document.getElementById("gk-link");
    document.getElementById("gk-copy-link").addEventListener("click", () => {
      saveState();
      link.hidden = false;
      link.select();
      if (navigator.clipboard) navigator.clipboard.writeText(link.value).catch(() => {});
    });
    if (meta.other) {
      const other = document.getElementById("gk-other");
      other.textContent = `Open ${meta.other.label} \u2192`;
      other.hidden = false;
    }
  }

  function buildControls() {
    const view = document.getElementById("gk-view");
    view.textContent = [meta.view, ...meta.notes].join("; ") + ".";
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
    buildTime();
    buildLooks();
    buildExport();
  }

  function resetAll() {
    stopPlaying();
    for (const name of typeInfo.keys()) state.types.add(name);
    for (const name of relInfo.keys()) state.relations.add(name);
    state.territory = "";
    state.hidePersons = false;
    state.focusId = null;
    state.selected = null;
    if (time) { state.window = [time.min, time.max]; state.showUndated = true; }
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
    state.focusId = id;
    state.depth = depth;
    state.selected = ["node", id];
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
      state.query = input.value.trim();
      found = search(input.value);
      list.replaceChildren(...found.map((r) => {
        const item = el("li", `${r.label} · ${typeLabel(r.group)}`);
        item.addEventListener("click", () => selectNode(r.id));
        return item;
      }));
      if (input.value.trim() && !found.length) list.replaceChildren(el("li", "no match", "gk-note"));
      saveState();
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
    const i = meta.measures.indexOf(state.size);
    lines.push(`${state.size}: ${formatNumber(r.m[i])}; ${adjacency.get(id).length} relations`);
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
      m === state.size ? `${m} (size)` : m, formatNumber(r.m[i])])));
    const depth = el("select");
    for (const d of [1, 2, 3]) {
      const option = el("option", `${d} hop${d > 1 ? "s" : ""}`);
      option.value = String(d);
      depth.append(option);
    }
    depth.value = String(Math.min(3, Math.max(1, state.depth)));
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
    state.selected = ["node", id];
    saveState();
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
    state.selected = ["edge", eid];
    saveState();
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

  Object.assign(api, {
    refresh, setWindow, loadState, stateParams, svgText, nodesCsv, edgesCsv, pngBlob, time,
  });
  buildControls();
  setupSearch();
  fitAll();
  // Labels are measured on the first draw; fit again so the widest ones are not cut off.
  network.once("afterDrawing", () => { if (!state.focus) fitAll(); });
  if (location.hash.length > 1) {
    loadState(location.hash);
  } else {
    showCount();
    saveState();
    if (meta.focus && byId.has(meta.focus)) {
      network.selectNodes([meta.focus]);
      showNode(meta.focus);
    }
  }
  window.addEventListener("hashchange", () => loadState(location.hash));
}());
