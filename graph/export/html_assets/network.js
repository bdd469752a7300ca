// Mitra's network page. Data comes from the JSON blocks; every piece of it is written with textContent.
(function () {
  'use strict';
  var started = performance.now();
  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  var meta = read('mitra-meta');
  var nodeList = read('mitra-nodes');
  var edgeList = read('mitra-edges');
  var options = read('mitra-options');
  var FACETS = ['country', 'province', 'sector', 'kind', 'stage'];
  var MID = 'https://w3id.org/mitra/id/';
  var AGREEMENTS = {'mitra:KSDPL': 1, 'mitra:KSDLL': 1, 'mitra:Agreement': 1};
  var TEXT = {
    id: {search: 'Cari nama…', fit: 'Paskan', reset: 'Atur ulang', physics: 'Fisika', legend: 'Kelas',
      filters: 'Saring', country: 'Negara', province: 'Provinsi', sector: 'Sektor', kind: 'Jenis',
      stage: 'Tahap', years: 'Tahun', from: 'Dari', to: 'Sampai', all: '(semua)', connected: 'Terhubung dengan',
      sources: 'Sumber', other: 'Bahasa lain', toggle: 'English', shown: 'simpul ditampilkan dari',
      none: '(tidak ada)', id: 'Indonesia', en: 'Inggris', network: 'Jaringan', map: 'Peta',
      signings: 'penandatanganan', starts: 'program dimulai',
      unlinked: 'daerah tanpa mitra (tidak digambar)', unlinkedShown: 'daerah tanpa mitra, digambar',
      produced: 'Hasil kerja sama', programOut: 'Hasil dan pendanaan', resultOf: 'hasil dari',
      producedRel: 'menghasilkan', fundedBy: 'didanai oleh', from: 'Dari', since: 'sejak', until: 'sampai',
      by: 'dari', agreements: 'perjanjian', programs: 'program', expand: 'Tampilkan tetangga', hiddenN: 'tersembunyi',
      noGeo: 'simpul tanpa koordinat tidak ada di peta', approx: 'letak perkiraan',
      credits: 'Peta:', money: 'dana'},
    en: {search: 'Search by name…', fit: 'Fit', reset: 'Reset', physics: 'Physics', legend: 'Classes',
      filters: 'Filters', country: 'Country', province: 'Province', sector: 'Sector', kind: 'Kind',
      stage: 'Stage', years: 'Years', from: 'From', to: 'To', all: '(all)', connected: 'Connected to',
      sources: 'Sources', other: 'Other language', toggle: 'Bahasa Indonesia', shown: 'nodes shown of',
      none: '(none)', id: 'Indonesian', en: 'English', network: 'Network', map: 'Map',
      signings: 'signings', starts: 'program starts',
      unlinked: 'regions without partners (not drawn)', unlinkedShown: 'regions without partners, drawn',
      produced: 'What came out of it', programOut: 'Outcomes and funding', resultOf: 'result of',
      producedRel: 'produced', fundedBy: 'funded by', since: 'from', until: 'to',
      by: 'by', agreements: 'agreements', programs: 'programs', expand: 'Show neighbours', hiddenN: 'hidden',
      noGeo: 'nodes without coordinates are not on the map', approx: 'approximate place',
      credits: 'Map:', money: 'funds'}
  };
  // How a relation reads from the other end (the edge points at the node whose card is open).
  var INVERSE = {
    'mitra:party': ['pihak dalam', 'party to'], 'mitra:resultOf': ['menghasilkan', 'produced'],
    'mitra:funds': ['didanai oleh', 'funded by'], 'mitra:funder': ['penyandang dana untuk', 'funder of'],
    'mitra:recipient': ['penerima', 'recipient of'], 'mitra:location': ['lokasi dari', 'location of'],
    'mitra:country': ['negara dari', 'country of'], 'mitra:partOf': ['mencakup', 'includes'],
    'mitra:unitOf': ['memiliki unit', 'has unit'], 'mitra:issuer': ['menerbitkan', 'issued'],
    'mitra:legalBasis': ['dasar hukum bagi', 'legal basis of'], 'mitra:implements': ['dilaksanakan oleh', 'implemented by'],
    'mitra:repeals': ['dicabut oleh', 'repealed by'], 'mitra:holdsPost': ['jabatan dipegang', 'post held by']
  };
  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var byId = new Map(nodeList.map(function (n) { return [n.id, n]; }));
  // the best-linked nodes, whose labels are drawn large enough to read in the fitted view (html.py: LABELLED_SHARE)
  nodeList.forEach(function (n) { n.hub = !!(n.font && n.font.size > 20); });
  var adjacent = new Map(nodeList.map(function (n) { return [n.id, []]; }));
  edgeList.forEach(function (e) {
    adjacent.get(e.from).push({edge: e, other: e.to, out: true});
    if (e.to !== e.from) { adjacent.get(e.to).push({edge: e, other: e.from, out: false}); }
  });
  var container = document.getElementById('mynetwork');
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var timing = {started: started};
  network.once('afterDrawing', function () {
    timing.rendered = timing.rendered || performance.now();
    document.body.dataset.rendered = '1';
  });

  var years = [];
  nodeList.forEach(function (n) {
    if (n.years) { years.push(n.years[0]); if (n.years[1] !== null) { years.push(n.years[1]); } }
  });
  var minYear = years.length ? Math.min.apply(null, years) : null;
  var maxYear = years.length ? Math.max.apply(null, years) : null;
  var state = {lang: meta.lang, hiddenTypes: new Set(), facet: {}, from: minYear, to: maxYear, selected: null,
    view: 'network', showUnlinked: false, expanded: new Set(), forced: new Set(), query: ''};
  FACETS.forEach(function (f) { state.facet[f] = ''; });

  function $(id) { return document.getElementById(id); }
  function t(key) { return TEXT[state.lang][key]; }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function label(n) { return state.lang === 'en' ? n.label_en : n.label_id; }
  // Folding for search: accents, case, and hyphen, en dash, slashes and spaces all read as one space.
  function fold(s) {
    return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[\s\-\u2010-\u2015_/.,:;()'’"“”]+/g, ' ').trim();
  }
  var searchKeys = new Map(nodeList.map(function (n) {
    return [n.id, [n.label_id, n.label_en].concat((n.alt || '').split(' | ')).map(fold)];
  }));
  var classByType = new Map(meta.classes.map(function (c) { return [c.type, c]; }));
  var unlinkedCount = nodeList.filter(function (n) { return n.unlinked; }).length;

  // ---- visibility: legend classes, facet filters, the year window and unlinked regions ----
  function passes(n) {
    if (state.hiddenTypes.has(n.type)) { return false; }
    for (var i = 0; i < FACETS.length; i++) {
      var want = state.facet[FACETS[i]];
      if (want && (n[FACETS[i]] || []).indexOf(want) < 0) { return false; }
    }
    // Mitra's one date rule (graph/network/select.py: active_span, active_nodes): a dated node shows when
    // its span meets the range; an undated activity, when one it is linked to does, once the range is narrowed.
    if (minYear !== null) {
      if (n.years) { return inYears(n.years); }
      if (n.dated_links && (state.from > minYear || state.to < maxYear)) {
        return n.dated_links.some(function (id) { var m = nodeById.get(id); return m && inYears(m.years); });
      }
    }
    if (n.unlinked && meta.hide_unlinked && !state.showUnlinked) { return false; }
    return true;
  }
  // Expanded nodes bring their neighbours in, and a picked search result shows even when filtered out.
  function isVisible(n) { return state.forced.has(n.id) || passes(n); }
  function recomputeForced(extra) {
    var forced = new Set(extra ? Array.from(extra) : []);
    state.expanded.forEach(function (id) {
      if (!byId.has(id)) { return; }
      forced.add(id);
      adjacent.get(id).forEach(function (a) { forced.add(a.other); });
    });
    state.forced = forced;
  }
  function inYears(span) {
    var hi = span[1] === null ? Infinity : span[1];
    return !(hi < state.from || span[0] > state.to);
  }
  var nodeById = new Map(nodeList.map(function (n) { return [n.id, n]; }));
  var shown = new Map();
  function applyFilters(refit) { batch(function () { filterNow(refit); }); }
  function filterNow(refit) {
    var count = 0;
    nodeList.forEach(function (n) {
      var visible = isVisible(n);
      if (visible) { count++; }
      shown.set(n.id, visible);
    });
    setDrawn(netView, nodeList, []);  // vis draws no edge with a hidden end by itself
    if (map) { if (state.view === 'map') { map.sync(); } else { map.stale = true; } }
    $('status').textContent = count + ' ' + t('shown') + ' ' + nodeList.length;
    renderLegendCounts();
    renderTimeline();
    if (state.selected && !shown.get(state.selected)) { hideDetails(); }
    if (refit) { fitVisible(); }
    writeHash();
  }
  // A selected node's neighbourhood stays bright and everything else fades behind a veil drawn over the canvas:
  // changing the style of every node through the DataSet costs ~0.5 s per thousand nodes, the veil nothing.
  function drawHighlight(v, ctx) {
    var id = state.selected;
    if (!id || !v.has(id) || !shown.get(id)) { return; }
    var scale = v.net.getScale(), box = v.box.getBoundingClientRect();
    var tl = v.net.DOMtoCanvas({x: 0, y: 0}), br = v.net.DOMtoCanvas({x: box.width, y: box.height});
    var around = adjacent.get(id).filter(function (a) { return shown.get(a.other) && v.has(a.other); });
    var ids = [id].concat(around.map(function (a) { return a.other; }));
    var pos = v.net.getPositions(ids);
    ctx.save();
    ctx.globalAlpha = 0.9;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(tl.x, tl.y, br.x - tl.x, br.y - tl.y);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = '#444';
    ctx.lineWidth = 1.5 / scale;
    ctx.fillStyle = '#444';
    around.forEach(function (a) {
      var from = a.out ? pos[id] : pos[a.other], to = a.out ? pos[a.other] : pos[id];
      ctx.beginPath();
      ctx.moveTo(from.x, from.y);
      ctx.lineTo(to.x, to.y);
      ctx.stroke();
      // the arrowhead at the edge's target, outside its circle (large graphs draw no arrows of their own)
      var n = byId.get(a.out ? a.other : id), r = Math.max(v === netView ? n.size : n.size / 3, 6 / scale);
      var ang = Math.atan2(to.y - from.y, to.x - from.x), len = 9 / scale, tipX = to.x - Math.cos(ang) * r,
        tipY = to.y - Math.sin(ang) * r;
      if (v !== netView) { return; }  // map lines join partners and have no direction
      ctx.beginPath();
      ctx.moveTo(tipX, tipY);
      ctx.lineTo(tipX - len * Math.cos(ang - 0.4), tipY - len * Math.sin(ang - 0.4));
      ctx.lineTo(tipX - len * Math.cos(ang + 0.4), tipY - len * Math.sin(ang + 0.4));
      ctx.closePath();
      ctx.fill();
    });
    var px = 13 / scale;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    if (!meta.edge_labels) {
      ctx.font = (px * 0.85) + 'px system-ui, sans-serif';
      around.forEach(function (a) {
        var mx = (pos[id].x + pos[a.other].x) / 2, my = (pos[id].y + pos[a.other].y) / 2;
        ctx.lineWidth = 3 / scale;
        ctx.strokeStyle = '#ffffff';
        ctx.strokeText(edgeLabel(a.edge), mx, my);
        ctx.fillStyle = '#555';
        ctx.fillText(edgeLabel(a.edge), mx, my);
      });
    }
    ctx.font = px + 'px system-ui, sans-serif';
    ids.forEach(function (nid) {
      var n = byId.get(nid), p = pos[nid], r = Math.max(v === netView ? n.size : n.size / 3, 6 / scale);
      ctx.beginPath();
      ctx.arc(p.x, p.y, r, 0, 2 * Math.PI);
      ctx.fillStyle = n.color;
      ctx.fill();
      ctx.lineWidth = (nid === id ? 3 : 1) / scale;
      ctx.strokeStyle = '#222';
      ctx.stroke();
      ctx.lineWidth = 3 / scale;
      ctx.strokeStyle = '#ffffff';
      ctx.strokeText(label(n), p.x, p.y + r + 2 / scale);
      ctx.fillStyle = '#111';
      ctx.fillText(label(n), p.x, p.y + r + 2 / scale);
    });
    ctx.restore();
  }
  function visibleIds() { return nodeList.filter(function (n) { return shown.get(n.id); }).map(function (n) { return n.id; }); }
  // vis's fit() first re-measures every node of the graph (_resizeNodes); the positions and sizes are known here.
  function fitIds(v, ids) {
    var pos = v.net.getPositions(ids), box = v.box.getBoundingClientRect();
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var p = pos[id], r = v === netView ? byId.get(id).size : 4;
      if (!p) { return; }
      x0 = Math.min(x0, p.x - r); x1 = Math.max(x1, p.x + r); y0 = Math.min(y0, p.y - r); y1 = Math.max(y1, p.y + r);
    });
    if (!(x1 >= x0) || !box.width || !box.height) { return; }
    var scale = Math.min(1, box.width / (1.1 * (x1 - x0) || 1), box.height / (1.1 * (y1 - y0) || 1));
    v.net.moveTo({position: {x: (x0 + x1) / 2, y: (y0 + y1) / 2}, scale: scale, animation: false});
  }
  function fitVisible() {
    var v = current();
    var ids = visibleIds().filter(function (id) { return v.has(id); });
    // Nodes with no drawn edge sit wherever the layout parked them; the fit frames the linked network.
    var linked = ids.filter(function (id) { return adjacent.get(id).some(function (a) { return shown.get(a.other); }); });
    if (v === netView && linked.length) { ids = linked; }
    if (ids.length) { fitIds(v, ids); }
    if (state.selected) { keepInView(state.selected); }
  }

  // Which nodes (and edges) vis draws is set on its own node objects, then vis is told once that its data changed.
  // Through the DataSet, every item's update runs the node's whole setOptions (~0.3 ms a node: a country filter
  // at 10x the national size hides 13,000 nodes, 4 s) and each update call is a pass over the whole graph; the
  // DataSet keeps what a node is (label, font, place), and mitra.drawnIds() says what is drawn.
  // What vis draws in view v: node ids, edge ids, and the node ids it does not draw.
  function drawnIds(v) { return v.net.body.nodeIndices.slice(); }
  function drawnEdges(v) { return v.net.body.edgeIndices.slice(); }
  function hiddenIds(v) {
    var drawnSet = new Set(v.net.body.nodeIndices);
    return Object.keys(v.net.body.nodes).filter(function (id) { return !drawnSet.has(id); });
  }
  function setDrawn(v, list, links) {
    var body = v.net.body, changed = false;
    list.forEach(function (n) {
      var node = body.nodes[n.id], hidden = !shown.get(n.id);
      if (node && node.options.hidden !== hidden) { node.options.hidden = hidden; changed = true; }
    });
    links.forEach(function (l) {
      var edge = body.edges[l.id], hidden = !l.drawn;
      if (edge && edge.options.hidden !== hidden) { edge.options.hidden = hidden; changed = true; }
    });
    if (!changed) { return; }
    // With physics on (graphs up to PHYSICS_LIMIT nodes) the simulation must learn of it: the full _dataChanged.
    // Without, vis needs only its lists of drawn nodes and edges rebuilt (_dataChanged also walks every edge of
    // the DataSet, ~1 s at 10x).
    if (v.net.physics.physicsEnabled) { body.emitter.emit('_dataChanged'); } else { v.net._updateVisibleIndices(); }
  }

  // ---- one draw per interaction ----
  // vis-network draws the whole graph synchronously inside every DataSet update (an update ends in
  // startSimulation, which redraws at once when physics is off), on a selection change and on a resize, and then
  // once more on the next frame; at 10x the national size one draw takes ~0.4 s. So every interaction runs inside
  // batch(): the renderer's own switch (allowRedraw, which vis turns off around its own bulk changes) is off while
  // it runs, the labels in view are brought up to date in one DataSet update, and one draw is asked for at the end
  // (a draw vis had already asked for before is that one: _requestRedraw does nothing while one is pending).
  var depth = 0;
  function views() { return map ? [netView, map] : [netView]; }
  function batch(fn) {
    if (depth++ === 0) { views().forEach(function (v) { v.net.renderer.allowRedraw = false; }); }
    try { return fn(); } finally {
      if (--depth === 0) {
        syncLabels(current());
        views().forEach(function (v) { v.net.renderer.allowRedraw = true; });
        current().net.body.emitter.emit('_requestRedraw');
      }
    }
  }
  // Labels on screen stay between about 11 px (the best-linked nodes, when the network is fitted) and MAX_LABEL_PX
  // (18 px) however far one zooms in: vis-network scales a label with the zoom (its scaling.label.maxVisible only
  // fades the colour), so a hub's label, enlarged to read in the fitted view, would fill the canvas when zoomed.
  // Only the nodes in view whose label can be drawn are updated (the language toggle too): the rest follow when
  // a zoom, pan or filter brings them into view. Fonts follow the scale in quarter octaves, not every wheel step.
  // While a card is open, vis draws no label at all: behind the veil the faded nodes' labels were a grey wall of
  // text, and the selection and its neighbours are labelled on the highlight. Every node's scaling.label options
  // inherit (by prototype) from the handler's, so raising its draw threshold hides all labels in one assignment,
  // where a DataSet update of each label in view took seconds at 10x.
  // The margin around the view is wide across because a label is centred on its node and may be long.
  var MAX_LABEL_PX = 18, MIN_HUB_PX = 11, OCTAVE_STEPS = 4;
  // The cap uses the exact scale, so a plain label (14) is left alone up to a zoom of 18/14 (a focus zooms to at
  // most 1.25): only the hubs' labels change when a card opens or closes.
  function fontFor(v, n, q, scale) {
    var base = v.baseFont(n);
    var want = v === netView && n.hub ? Math.max(base, Math.min(80, Math.ceil(MIN_HUB_PX * Math.pow(2, 1 / OCTAVE_STEPS) / q))) : base;
    return Math.min(want, Math.max(1, Math.floor(MAX_LABEL_PX / scale)));
  }
  function syncLabels(v) {
    var scale = v.net.getScale(), q = Math.pow(2, Math.ceil(Math.log2(scale) * OCTAVE_STEPS) / OCTAVE_STEPS);
    var box = v.box.getBoundingClientRect();
    if (!box.width || !box.height) { return; }
    var mx = box.width * 0.5, my = box.height * 0.2;
    var tl = v.net.DOMtoCanvas({x: -mx, y: -my}), br = v.net.DOMtoCanvas({x: box.width + mx, y: box.height + my});
    var pos = v.net.getPositions(), updates = [];
    var carded = !!(state.selected && v.has(state.selected) && shown.get(state.selected));
    v.net.nodesHandler.options.scaling.label.drawThreshold = carded ? Infinity : v.drawThreshold + 1;
    if (carded) { return; }
    v.drawn.forEach(function (cur, id) {
      var p = pos[id];
      if (!p || !shown.get(id) || p.x < tl.x || p.x > br.x || p.y < tl.y || p.y > br.y) { return; }
      var n = byId.get(id), size = fontFor(v, n, q, scale), text = label(n);
      if (Math.max(size, cur.size) * scale < v.drawThreshold) { return; }  // not drawn either way
      if (size !== cur.size || text !== cur.label) {
        v.drawn.set(id, {label: text, size: size});
        updates.push({id: id, label: text, font: {size: size}});
      }
    });
    if (updates.length) { v.nodes.update(updates); }
  }

  // ---- legend ----
  function renderLegend() {
    var ul = $('legend');
    ul.textContent = '';
    meta.classes.forEach(function (c) {
      var li = el('li'), lab = el('label'), box = el('input'), sw = el('span', null, 'swatch ' + c.shape);
      box.type = 'checkbox';
      box.checked = !state.hiddenTypes.has(c.type);
      box.dataset.type = c.type;
      box.addEventListener('change', function () {
        if (box.checked) { state.hiddenTypes.delete(c.type); } else { state.hiddenTypes.add(c.type); }
        applyFilters(true);
      });
      sw.style.background = c.color;
      li.dataset.type = c.type;
      lab.append(box, sw, el('span', state.lang === 'en' ? c.label_en : c.label_id, 'name'), el('span', '', 'count'));
      li.append(lab);
      ul.append(li);
    });
    $('unlinked-row').hidden = !meta.hide_unlinked;
    $('show-unlinked').checked = state.showUnlinked;
    $('unlinked-text').textContent = unlinkedCount + ' ' + (state.showUnlinked ? t('unlinkedShown') : t('unlinked'));
    renderLegendCounts();
  }
  $('show-unlinked').addEventListener('change', function (ev) {
    state.showUnlinked = ev.target.checked;
    renderLegend();
    applyFilters(true);
  });
  function renderLegendCounts() {
    var total = new Map(), visible = new Map();
    nodeList.forEach(function (n) {
      total.set(n.type, (total.get(n.type) || 0) + 1);
      if (shown.get(n.id)) { visible.set(n.type, (visible.get(n.type) || 0) + 1); }
    });
    document.querySelectorAll('#legend li').forEach(function (li) {
      var ty = li.dataset.type;
      li.querySelector('.count').textContent = (visible.get(ty) || 0) + ' / ' + (total.get(ty) || 0);
    });
  }

  // ---- facet filters and years ----
  function renderFilters() {
    FACETS.forEach(function (f) {
      var sel = $('filter-' + f), choices = meta.facets[f] || [];
      sel.textContent = '';
      sel.append(new Option(t('all'), ''));
      choices.forEach(function (c) { sel.append(new Option(state.lang === 'en' ? c[2] : c[1], c[0])); });
      sel.value = state.facet[f];
      sel.disabled = choices.length === 0;
    });
  }
  FACETS.forEach(function (f) {
    $('filter-' + f).addEventListener('change', function (ev) { state.facet[f] = ev.target.value; applyFilters(true); });
  });
  function renderYears() {
    if (minYear === null) { $('time').hidden = true; return; }
    ['year-from', 'year-to'].forEach(function (id) { $(id).min = minYear; $(id).max = maxYear; });
    $('year-from').value = state.from;
    $('year-to').value = state.to;
    $('year-label').textContent = state.from + ' – ' + state.to;
  }
  function setYears(a, b, refit) {
    state.from = Math.max(minYear, Math.min(a, b));
    state.to = Math.min(maxYear, Math.max(a, b));
    renderYears();
    applyFilters(refit);
  }
  function onYears(ev) {
    var a = Number($('year-from').value), b = Number($('year-to').value);
    if (a > b) { if (ev.target.id === 'year-from') { b = a; } else { a = b; } }
    setYears(a, b, false);
  }
  $('year-from').addEventListener('input', onYears);
  $('year-to').addEventListener('input', onYears);
  $('year-from').addEventListener('change', function () { batch(fitVisible); });
  $('year-to').addEventListener('change', function () { batch(fitVisible); });

  // ---- timeline: signings and program starts per year; dragging across it sets the year window ----
  var SVG = 'http://www.w3.org/2000/svg';
  var perYear = new Map();
  nodeList.forEach(function (n) {
    if (!n.years) { return; }
    var kind = AGREEMENTS[n.type] ? 0 : n.type === 'mitra:Program' ? 1 : -1;
    if (kind < 0) { return; }
    var y = n.years[0], row = perYear.get(y) || [0, 0];
    row[kind]++;
    perYear.set(y, row);
  });
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  // Bars are built once (and again for a language change); a filter change only moves the window.
  var timelineLang = null;
  function renderTimeline() {
    var box = $('timeline');
    if (minYear === null) { return; }
    var span = maxYear - minYear + 1, W = 1000, H = 54, top = 0, bw = W / span;
    if (timelineLang !== state.lang) {
      timelineLang = state.lang;
      perYear.forEach(function (r) { top = Math.max(top, r[0] + r[1]); });
      box.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
      box.textContent = '';
      box.append(svg('rect', {'class': 'window', x: 0, y: 0, width: W, height: H}));
      perYear.forEach(function (r, y) {
        var x = (y - minYear) * bw, scale = (H - 12) / (top || 1), h0 = r[0] * scale, h1 = r[1] * scale;
        var g = svg('g', {'data-year': y});
        g.append(svg('rect', {x: x + bw * 0.1, y: H - 10 - h0, width: bw * 0.8, height: h0, fill: '#4f7f3f'}));
        g.append(svg('rect', {x: x + bw * 0.1, y: H - 10 - h0 - h1, width: bw * 0.8, height: h1, fill: '#8159b8'}));
        var tip = svg('title', {});
        tip.textContent = y + ': ' + r[0] + ' ' + t('signings') + ', ' + r[1] + ' ' + t('starts');
        g.append(tip);
        box.append(g);
      });
      for (var y = Math.ceil(minYear / 10) * 10; y <= maxYear; y += 10) {
        var lab = svg('text', {x: (y - minYear) * bw, y: H - 1});
        lab.textContent = String(y);
        box.append(lab);
      }
    }
    var win = box.querySelector('.window');
    win.setAttribute('x', (state.from - minYear) * bw);
    win.setAttribute('width', (state.to - state.from + 1) * bw);
    box.querySelectorAll('g[data-year]').forEach(function (g) {
      var y = +g.dataset.year;
      g.setAttribute('class', y < state.from || y > state.to ? 'out' : '');
    });
  }
  function yearAt(ev) {
    var r = $('timeline').getBoundingClientRect();
    var f = Math.min(Math.max((ev.clientX - r.left) / r.width, 0), 0.9999);
    return minYear + Math.floor(f * (maxYear - minYear + 1));
  }
  var drag = null;
  $('timeline').addEventListener('mousedown', function (ev) { drag = yearAt(ev); setYears(drag, drag, false); ev.preventDefault(); });
  window.addEventListener('mousemove', function (ev) { if (drag !== null) { setYears(drag, yearAt(ev), false); } });
  window.addEventListener('mouseup', function () { if (drag !== null) { drag = null; batch(fitVisible); } });
  $('timeline').addEventListener('dblclick', function () { setYears(minYear, maxYear, true); });

  // ---- details panel ----
  function number(value) { return Number(value).toLocaleString(state.lang === 'en' ? 'en-GB' : 'id-ID'); }
  function formatFact(name, value, facts) {
    if (name === 'amount' && typeof value === 'number') {
      var cur = facts.filter(function (f) { return f[0] === 'currency'; })[0];
      return number(value) + (cur ? ' ' + cur[1] : '');
    }
    return String(value);
  }
  function nodeButton(id) {
    var n = byId.get(id), b = el('button', n ? label(n) : id);
    b.type = 'button';
    b.dataset.id = id;
    b.addEventListener('click', function () { focusNode(id, true); });
    return b;
  }
  function moneyText(f) {
    return f.amount !== undefined ? number(f.amount) + ' ' + f.currency : '';
  }
  function fundingItem(f) {
    // "400.000 EUR from EU (2023)": the amount, who paid, when; the funding itself is a link.
    var li = el('li');
    if (f.amount !== undefined) { li.append(el('span', moneyText(f), 'money'), ' '); }
    if (f.funders.length) {
      li.append(el('span', t('by') + ' ', 'rel'));
      f.funders.forEach(function (id, i) { if (i) { li.append(', '); } li.append(nodeButton(id)); });
    }
    var when = f.date || f.start || '';
    if (when) { li.append(el('span', ' (' + when + ')', 'rel')); }
    li.append(' · ', nodeButton(f.id));
    return li;
  }
  function outcomeItem(o) {
    var li = el('li');
    li.append(el('span', t('producedRel') + ' ', 'rel'), nodeButton(o.id));
    if (o.when) { li.append(el('span', ' (' + t('since') + ' ' + o.when + (o.end ? ' ' + t('until') + ' ' + o.end : '') + ')', 'rel')); }
    if (o.funded_by.length) {
      var sub = el('ul');
      o.funded_by.forEach(function (f) {
        var item = fundingItem(f);
        item.prepend(el('span', t('fundedBy') + ': ', 'rel'));
        sub.append(item);
      });
      li.append(sub);
    }
    return li;
  }
  function renderOutcomes(out) {
    var ul = $('d-outcomes');
    ul.textContent = '';
    out = out || {};
    (out.result_of || []).forEach(function (id) {
      var li = el('li');
      li.append(el('span', t('resultOf') + ' ', 'rel'), nodeButton(id));
      ul.append(li);
    });
    (out.produced || []).forEach(function (o) { ul.append(outcomeItem(o)); });
    (out.funded_by || []).forEach(function (f) {
      var item = fundingItem(f);
      item.prepend(el('span', t('fundedBy') + ': ', 'rel'));
      ul.append(item);
    });
    $('d-outcomes-title').textContent = out.produced ? t('produced') : t('programOut');
    $('d-outcomes-box').hidden = !ul.children.length;
    var parts = [];
    if (out.counts) {
      parts.push(out.counts.agreements + ' ' + t('agreements'), out.counts.programs + ' ' + t('programs'));
    }
    Object.keys(out.totals || {}).forEach(function (c) { parts.push(t('money') + ' ' + number(out.totals[c]) + ' ' + c); });
    $('d-totals').textContent = parts.join(' · ');
  }
  function relationText(a) {
    var e = a.edge, k = state.lang === 'en' ? 1 : 0, rel = k ? e.label_en : e.label_id;
    if (a.out) { return e.key.indexOf('mitra:role-') === 0 ? rel + (k ? ' in' : ' dalam') : rel; }
    if (INVERSE[e.key]) { return INVERSE[e.key][k]; }
    return e.key.indexOf('mitra:role-') === 0 ? rel : '← ' + rel;
  }
  function showDetails(id) { batch(function () { detailsNow(id); }); }
  function detailsNow(id) {
    var n = byId.get(id), info = meta.info[id];
    if (!n || !info) { return; }
    state.selected = id;
    $('d-label').textContent = label(n);
    $('d-labels').textContent = TEXT[state.lang].id + ': ' + n.label_id + ' · ' + TEXT[state.lang].en + ': ' + n.label_en;
    var c = classByType.get(n.type);
    $('d-class').textContent = (c ? (state.lang === 'en' ? c.label_en : c.label_id) : n.type) +
      (n.geo && n.geo[2] ? ' · ' + t('approx') : '');
    var dl = $('d-facts'), facts = state.lang === 'en' ? info.facts_en : info.facts_id;
    dl.textContent = '';
    var hasAmount = facts.some(function (g) { return g[0] === 'amount'; });
    facts.forEach(function (f) {
      if (f[0] === 'currency' && hasAmount) { return; }
      var names = meta.facts[f[0]] || [f[0], f[0]];
      dl.append(el('dt', state.lang === 'en' ? names[1] : names[0]), el('dd', formatFact(f[0], f[1], facts)));
    });
    renderOutcomes(info.outcomes);
    var links = $('d-links');
    links.textContent = '';
    adjacent.get(id).map(function (a) { return [relationText(a), label(byId.get(a.other)), a]; })
      .sort(function (x, y) { return x[0].localeCompare(y[0]) || x[1].localeCompare(y[1]); })
      .forEach(function (row) {
        var li = el('li');
        li.append(el('span', row[0] + ': ', 'rel'), nodeButton(row[2].other));
        links.append(li);
      });
    if (!links.children.length) { links.append(el('li', t('none'))); }
    var hiddenNeighbours = adjacent.get(id).filter(function (a) { return !shown.get(a.other); }).length;
    $('d-expand').hidden = hiddenNeighbours === 0;
    $('d-expand').textContent = t('expand') + ' (' + hiddenNeighbours + ' ' + t('hiddenN') + ')';
    var ul = $('d-sources');
    ul.textContent = '';
    info.sources.forEach(function (sid) {
      var s = meta.sources[sid] || {}, li = el('li');
      var text = s.title || (state.lang === 'en' ? s.label_en : s.label_id) || sid;
      if (/^https?:\/\//i.test(s.url || '')) {
        var a = el('a', text);
        a.href = s.url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        li.append(a);
      } else {
        li.append(el('span', text));
      }
      li.dataset.source = sid;
      ul.append(li);
    });
    if (!ul.children.length) { ul.append(el('li', t('none'))); }
    $('details').hidden = false;
    // the veil is drawn by the redraw that the selection or the focus asks for
    keepInView(id);
    writeHash();
  }
  // The panel narrows the canvas (it does not cover it); the selection is moved into view if it fell out.
  // vis keeps the visible area on a resize, so the panel opening zoomed out by 0.7 and its closing zoomed in by 1.4
  // (which at 10x relabelled thousands of nodes for the label cap); the page keeps the zoom and the centre instead.
  function resize(v) {
    var scale = v.net.getScale(), centre = v.net.getViewPosition();
    v.net.setSize('100%', '100%');
    v.net.moveTo({position: centre, scale: scale, animation: false});
  }
  function keepInView(id) {
    var v = current();
    if (!v.has(id)) { return; }
    resize(v);
    var pos = v.net.canvasToDOM(v.net.getPosition(id)), box = v.box.getBoundingClientRect();
    if (pos.x < 30 || pos.y < 30 || pos.x > box.width - 30 || pos.y > box.height - 30) {
      v.net.moveTo({position: v.net.getPosition(id), animation: false});
    }
  }
  // Large graphs draw edge labels only around the selected node, on the highlight (drawHighlight): thousands
  // of labels make every frame slow, and even a small DataSet update costs a pass over the whole graph.
  function edgeLabel(e) { return state.lang === 'en' ? e.label_en : e.label_id; }
  function hideDetails() {
    var open = !$('details').hidden;
    state.selected = null; $('details').hidden = true; writeHash();
    if (open) { resize(current()); }  // the canvas widens again now, not on vis's resize timer
  }
  $('details-close').addEventListener('click', function () {
    batch(function () { current().net.unselectAll(); hideDetails(); });
  });
  function expand(id) { batch(function () { expandNow(id); }); }
  function expandNow(id) {
    state.expanded.add(id);
    recomputeForced(state.forced);
    applyFilters(false);
    if (state.selected) { showDetails(state.selected); }
  }
  $('d-expand').addEventListener('click', function () { if (state.selected) { expand(state.selected); } });
  function onClick(p) { batch(function () { if (p.nodes.length) { detailsNow(p.nodes[0]); } else { hideDetails(); } }); }
  network.on('click', onClick);
  network.on('doubleClick', function (p) { if (p.nodes.length) { expand(p.nodes[0]); } });

  function focusNode(id, force) { batch(function () { focusNow(id, force); }); }
  function focusNow(id, force) {
    if (!shown.get(id)) {
      if (!force) { return; }
      state.forced.add(id);
      applyFilters(false);
    }
    var v = current();
    if (!v.has(id)) { switchView('network'); v = current(); }
    v.net.selectNodes([id]);
    showDetails(id);
    v.net.focus(id, {scale: neighbourhoodScale(v, id), animation: false});
  }
  // Centred on the node, zoomed so that its drawn neighbours are in view too (between 0.05 and 1.25).
  function neighbourhoodScale(v, id) {
    var c = v.net.getPosition(id), dx = 60, dy = 60, box = v.box.getBoundingClientRect();
    adjacent.get(id).forEach(function (a) {
      if (!shown.get(a.other) || !v.has(a.other)) { return; }
      var p = v.net.getPosition(a.other);
      dx = Math.max(dx, Math.abs(p.x - c.x) + 40);
      dy = Math.max(dy, Math.abs(p.y - c.y) + 40);
    });
    return Math.max(0.05, Math.min(1.25, box.width / (2 * dx), box.height / (2 * dy)));
  }

  // ---- search (Indonesian or English, case-, accent- and dash-insensitive) ----
  var results = $('search-results');
  function matches(q) {
    // Best first: a whole name, then a name's start, then a word's start, then anywhere; shorter names first.
    var key = fold(q);
    if (!key) { return []; }
    var hits = [];
    nodeList.forEach(function (n) {
      var names = searchKeys.get(n.id), rank = 9, via = 0;
      names.forEach(function (name, i) {
        var at = name.indexOf(key);
        if (at < 0) { return; }
        var r = name === key ? 0 : at === 0 ? 1 : name.charAt(at - 1) === ' ' ? 2 : 3;
        if (r < rank) { rank = r; via = i; }
      });
      // Nodes already drawn come first; a hidden one can still be found and is then shown.
      if (rank < 9) { hits.push([rank + (shown.get(n.id) ? 0 : 4), label(n).length, n, via]); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return hits.slice(0, 12).map(function (h) { return {node: h[2], via: h[3]}; });
  }
  function renderResults() {
    results.textContent = '';
    state.query = $('search').value;
    matches(state.query).forEach(function (m, i) {
      var n = m.node, li = el('li', label(n));
      var other = state.lang === 'en' ? n.label_id : n.label_en;
      // say which name matched when it is not the one shown (the other language or an alias)
      if ((state.lang === 'en' ? m.via !== 1 : m.via !== 0) && other !== label(n)) {
        li.append(el('small', m.via < 2 ? other : (n.alt || '').split(' | ')[m.via - 2]));
      }
      li.dataset.id = n.id;
      li.setAttribute('role', 'option');
      if (i === 0) { li.className = 'active'; }
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); pick(n.id); });
      results.append(li);
    });
    writeHash();
  }
  function pick(id) { results.textContent = ''; focusNode(id, true); }
  $('search').addEventListener('input', renderResults);
  $('search').addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') {
      var first = matches($('search').value)[0];
      if (first) { pick(first.node.id); }
    } else if (ev.key === 'Escape') { results.textContent = ''; }
  });
  $('search').addEventListener('blur', function () { results.textContent = ''; });

  // ---- the map: placed nodes at their coordinates over the Natural Earth outline, lines between partners ----
  var DEG = 8;  // pixels per degree at scale 1
  var map = null;
  function hashJitter(id) {
    var h = 0;
    for (var i = 0; i < id.length; i++) { h = (h * 31 + id.charCodeAt(i)) | 0; }
    return [((h & 255) / 255 - 0.5) * 0.6, (((h >> 8) & 255) / 255 - 0.5) * 0.6];
  }
  function mapFont(n) { return n.hub ? 16 : 9; }
  function buildMap() {
    var placed = nodeList.filter(function (n) { return n.geo; });
    var mnodes = new vis.DataSet(placed.map(function (n) {
      var j = n.geo[2] ? hashJitter(n.id) : [0, 0];  // approximate places are spread a little, not stacked
      return {id: n.id, label: label(n), x: (n.geo[1] + j[0]) * DEG, y: -(n.geo[0] + j[1]) * DEG,
        color: n.color, shape: n.shape, size: Math.max(4, n.size / 3), hidden: !shown.get(n.id),
        font: {size: mapFont(n)}, borderWidth: n.geo[2] ? 0 : 1};
    }));
    var links = (meta.map_links || []).map(function (l, i) {
      return {id: 'm' + i, from: l[0], to: l[1], agreements: l[2], width: Math.min(1 + l[2].length, 5)};
    });
    var medges = new vis.DataSet(links);
    var box = $('mymap');
    var net = new vis.Network(box, {nodes: mnodes, edges: medges}, {
      autoResize: true, layout: {improvedLayout: false}, physics: {enabled: false},
      interaction: {hover: true, dragNodes: false, multiselect: false},
      nodes: {font: {strokeWidth: 3, strokeColor: '#ffffff'}},
      edges: {smooth: false, arrows: {to: {enabled: false}}, color: {color: 'rgba(242,142,43,.55)', highlight: '#c0392b'}}
    });
    var outline = new Path2D();
    (meta.world || []).forEach(function (ring) {
      ring.forEach(function (p, i) {
        if (i) { outline.lineTo(p[0] * DEG, -p[1] * DEG); } else { outline.moveTo(p[0] * DEG, -p[1] * DEG); }
      });
      outline.closePath();
    });
    net.on('beforeDrawing', function (ctx) {
      ctx.save();
      ctx.fillStyle = '#e3e8e2';
      ctx.strokeStyle = '#aab4a8';
      ctx.lineWidth = 1 / net.getScale();
      ctx.fill(outline);
      ctx.stroke(outline);
      ctx.restore();
    });
    net.once('afterDrawing', function () {  // a link may open on the map, before the network is ever drawn
      if (!timing.rendered) { timing.rendered = performance.now(); document.body.dataset.rendered = '1'; }
    });
    net.on('click', onClick);
    net.on('doubleClick', function (p) { if (p.nodes.length) { expand(p.nodes[0]); } });
    net.on('afterDrawing', function (ctx) { drawHighlight(m, ctx); });
    var ids = new Set(placed.map(function (n) { return n.id; }));
    net.on('zoom', function () { batch(function () {}); });
    net.on('dragEnd', function () { batch(function () {}); });
    net.nodesHandler.options.scaling.label.drawThreshold = 5;  // vis's default, set so the card can raise it
    var m = {net: net, box: box, nodes: mnodes, edges: medges, has: function (id) { return ids.has(id); },
      drawThreshold: 4, baseFont: mapFont, stale: false,
      drawnIds: function () { return drawnIds(m); }, drawnEdges: function () { return drawnEdges(m); },
      drawn: new Map(placed.map(function (n) { return [n.id, {label: label(n), size: mapFont(n)}]; })),
      sync: function () {
        m.stale = false;
        links.forEach(function (l) {
          l.drawn = shown.get(l.from) && shown.get(l.to) && l.agreements.some(function (a) { return shown.get(a); });
        });
        setDrawn(m, placed, links);
      }};
    return m;
  }
  var netView = {net: network, box: container, nodes: nodes, has: function (id) { return byId.has(id); },
    drawThreshold: options.nodes.scaling.label.drawThreshold - 1,
    baseFont: function (n) { return n.font.size; },
    drawn: new Map(nodeList.map(function (n) { return [n.id, {label: n.label, size: n.font.size}]; }))};
  network.on('zoom', function () { batch(function () {}); });
  network.on('dragEnd', function () { batch(function () {}); });
  network.on('afterDrawing', function (ctx) { drawHighlight(netView, ctx); });
  function current() { return state.view === 'map' && map ? map : netView; }
  function switchView(view) { batch(function () { switchNow(view); }); }
  function switchNow(view) {
    if (view === 'map' && !map) { map = buildMap(); map.sync(); }
    if (view === 'map' && map.stale) { map.sync(); }
    state.view = view;
    $('mynetwork').hidden = view === 'map';
    $('mymap').hidden = view !== 'map';
    $('view-network').setAttribute('aria-pressed', String(view !== 'map'));
    $('view-map').setAttribute('aria-pressed', String(view === 'map'));
    $('physics').disabled = view === 'map';
    var note = $('map-note');
    note.hidden = view !== 'map';
    if (view === 'map') {
      var placed = nodeList.filter(function (n) { return n.geo; }).length;
      note.textContent = placed + ' / ' + nodeList.length + ' · ' + t('noGeo');
    }
    fitVisible();
    if (state.selected && current().has(state.selected)) { current().net.selectNodes([state.selected]); }
    writeHash();
  }
  $('view-network').addEventListener('click', function () { switchView('network'); });
  $('view-map').addEventListener('click', function () { switchView('map'); });

  // ---- the view in the URL fragment: a link reproduces search, filters, years, view and selection ----
  function short(id) { return id.indexOf(MID) === 0 ? id.slice(MID.length) : id; }
  function long(id) { return byId.has(id) ? id : MID + id; }
  var reading = false;
  function writeHash() {
    if (reading || !ready) { return; }
    var p = new URLSearchParams();
    if (state.view === 'map') { p.set('view', 'map'); }
    if (state.query) { p.set('q', state.query); }
    FACETS.forEach(function (f) { if (state.facet[f]) { p.set(f, short(state.facet[f])); } });
    if (minYear !== null && (state.from !== minYear || state.to !== maxYear)) { p.set('years', state.from + '-' + state.to); }
    if (state.hiddenTypes.size) { p.set('hide', Array.from(state.hiddenTypes).map(short).join(',')); }
    if (state.showUnlinked) { p.set('unlinked', '1'); }
    if (state.expanded.size) { p.set('expand', Array.from(state.expanded).map(short).join(',')); }
    if (state.selected) { p.set('node', short(state.selected)); }
    if (state.lang !== meta.lang) { p.set('lang', state.lang); }
    var text = p.toString();
    if (('#' + text) !== location.hash && !(text === '' && location.hash === '')) {
      history.replaceState(null, '', text ? '#' + text : location.pathname + location.search);
    }
  }
  function readHash() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    reading = true;
    if (p.get('lang') === 'en' || p.get('lang') === 'id') { setLanguage(p.get('lang')); }
    FACETS.forEach(function (f) {
      var v = p.get(f) || '';
      var known = (meta.facets[f] || []).map(function (c) { return c[0]; });
      state.facet[f] = known.indexOf(v) >= 0 ? v : known.indexOf(long(v)) >= 0 ? long(v) : '';
    });
    var yrs = /^(\d{4})-(\d{4})$/.exec(p.get('years') || '');
    if (yrs && minYear !== null) { state.from = Math.max(minYear, +yrs[1]); state.to = Math.min(maxYear, +yrs[2]); }
    state.hiddenTypes = new Set((p.get('hide') || '').split(',').filter(Boolean).map(function (s) { return s.indexOf(':') > 0 ? s : 'mitra:' + s; }));
    state.showUnlinked = p.get('unlinked') === '1';
    state.expanded = new Set((p.get('expand') || '').split(',').filter(Boolean).map(long).filter(function (id) { return byId.has(id); }));
    recomputeForced();
    var sel = p.get('node') ? long(p.get('node')) : null;
    if (sel && byId.has(sel)) { state.forced.add(sel); }
    state.query = p.get('q') || '';
    $('search').value = state.query;
    renderAll();
    applyFilters(false);
    switchView(p.get('view') === 'map' ? 'map' : 'network');
    if (sel && byId.has(sel)) {
      if (current().has(sel)) { current().net.selectNodes([sel]); }
      showDetails(sel);
    }
    reading = false;
    fitVisible();
    writeHash();
  }
  window.addEventListener('hashchange', function () { if (!reading) { batch(readHash); } });

  // ---- physics, fit, reset, language ----
  $('physics').checked = !!(options.physics && options.physics.enabled);
  $('physics').addEventListener('change', function (ev) { network.setOptions({physics: {enabled: ev.target.checked}}); });
  $('fit').addEventListener('click', function () { batch(fitVisible); });
  $('reset').addEventListener('click', function () { batch(resetNow); });
  function resetNow() {
    state.hiddenTypes.clear();
    FACETS.forEach(function (f) { state.facet[f] = ''; });
    state.from = minYear;
    state.to = maxYear;
    state.showUnlinked = false;
    state.expanded.clear();
    state.forced = new Set();
    state.query = '';
    $('search').value = '';
    results.textContent = '';
    current().net.unselectAll();
    hideDetails();
    if (!$('physics').checked) {
      nodes.update(nodeList.map(function (n) { return {id: n.id, x: n.x, y: n.y}; }));
    }
    renderAll();
    applyFilters(true);
  }
  function setLanguage(lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    // node labels in view are switched by batch() (syncLabels), the others when they come into view
    batch(function () {
      if (meta.edge_labels) { edges.update(edgeList.map(function (e) { return {id: e.id, label: edgeLabel(e)}; })); }
      renderAll();
      filterNow(false);
      if (state.selected) { showDetails(state.selected); }
    });
  }
  $('lang-toggle').addEventListener('click', function () { setLanguage(state.lang === 'en' ? 'id' : 'en'); });
  function renderTexts() {
    document.querySelectorAll('[data-i18n]').forEach(function (e) { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (e) { e.placeholder = t(e.dataset.i18nPlaceholder); });
    $('lang-toggle').textContent = t('toggle');
    $('geo-source').textContent = (meta.geo_source || ['', ''])[state.lang === 'en' ? 1 : 0];
  }
  function renderAll() { renderTexts(); renderLegend(); renderFilters(); renderYears(); }

  var ready = false;
  renderAll();
  applyFilters(false);
  ready = true;
  if (location.hash.length > 1) { batch(readHash); }
  timing.ready = performance.now();
  // The first view: the drawn network fitted, whatever the layout's own extent (physics fits when it settles).
  if (options.physics && options.physics.enabled) {
    network.once('stabilized', function () { timing.stabilized = performance.now(); if (!state.selected) { batch(fitVisible); } });
  } else if (!state.selected) {
    batch(fitVisible);
  }
  window.mitra = {network: network, nodes: nodes, edges: edges, meta: meta, state: state, timing: timing,
    focusNode: focusNode, setLanguage: setLanguage, applyFilters: applyFilters, switchView: switchView,
    expand: expand, fold: fold, map: function () { return map; }, readHash: readHash,
    drawnIds: function () { return drawnIds(netView); }, drawnEdges: function () { return drawnEdges(netView); },
    hiddenIds: function () { return hiddenIds(netView); }};
  document.body.dataset.ready = '1';
})();
