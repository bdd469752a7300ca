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
  var TEXT = {
    id: {search: 'Cari nama…', fit: 'Paskan', reset: 'Atur ulang', physics: 'Fisika', legend: 'Kelas',
      filters: 'Saring', country: 'Negara', province: 'Provinsi', sector: 'Sektor', kind: 'Jenis kerja sama',
      stage: 'Tahap', years: 'Tahun', from: 'Dari', to: 'Sampai', all: '(semua)', connected: 'Terhubung dengan',
      sources: 'Sumber', other: 'Bahasa lain', toggle: 'English', shown: 'simpul ditampilkan dari',
      none: '(tidak ada)', id: 'Indonesia', en: 'Inggris'},
    en: {search: 'Search by name…', fit: 'Fit', reset: 'Reset', physics: 'Physics', legend: 'Classes',
      filters: 'Filters', country: 'Country', province: 'Province', sector: 'Sector', kind: 'Agreement kind',
      stage: 'Stage', years: 'Years', from: 'From', to: 'To', all: '(all)', connected: 'Connected to',
      sources: 'Sources', other: 'Other language', toggle: 'Bahasa Indonesia', shown: 'nodes shown of',
      none: '(none)', id: 'Indonesian', en: 'English'}
  };
  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var byId = new Map(nodeList.map(function (n) { return [n.id, n]; }));
  var adjacent = new Map(nodeList.map(function (n) { return [n.id, []]; }));
  edgeList.forEach(function (e) {
    adjacent.get(e.from).push({edge: e, other: e.to, out: true});
    if (e.to !== e.from) { adjacent.get(e.to).push({edge: e, other: e.from, out: false}); }
  });
  var container = document.getElementById('mynetwork');
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var timing = {started: started};
  network.once('afterDrawing', function () {
    timing.rendered = performance.now();
    document.body.dataset.rendered = '1';
  });

  var years = [];
  nodeList.forEach(function (n) {
    if (n.years) { years.push(n.years[0]); if (n.years[1] !== null) { years.push(n.years[1]); } }
  });
  var minYear = years.length ? Math.min.apply(null, years) : null;
  var maxYear = years.length ? Math.max.apply(null, years) : null;
  var state = {lang: meta.lang, hiddenTypes: new Set(), facet: {}, from: minYear, to: maxYear, selected: null};
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
  function fold(s) { return String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }
  var searchKeys = new Map(nodeList.map(function (n) {
    return [n.id, [n.label_id, n.label_en].concat((n.alt || '').split(' | ')).map(fold).join('\n')];
  }));
  var classByType = new Map(meta.classes.map(function (c) { return [c.type, c]; }));

  // ---- visibility: legend classes, facet filters and the year range hide nodes (hidden: true) ----
  function isVisible(n) {
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
    return true;
  }
  function inYears(span) {
    var hi = span[1] === null ? Infinity : span[1];
    return !(hi < state.from || span[0] > state.to);
  }
  var nodeById = new Map(nodeList.map(function (n) { return [n.id, n]; }));
  var shown = new Map();
  function applyFilters() {
    var nodeUpdates = [], edgeUpdates = [], count = 0;
    nodeList.forEach(function (n) {
      var visible = isVisible(n);
      if (visible) { count++; }
      if (shown.get(n.id) !== visible) { shown.set(n.id, visible); nodeUpdates.push({id: n.id, hidden: !visible}); }
    });
    edgeList.forEach(function (e) {
      var hidden = !(shown.get(e.from) && shown.get(e.to));
      if (e.hidden !== hidden) { e.hidden = hidden; edgeUpdates.push({id: e.id, hidden: hidden}); }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
    $('status').textContent = count + ' ' + t('shown') + ' ' + nodeList.length;
    renderLegendCounts();
    if (state.selected && !shown.get(state.selected)) { hideDetails(); }
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
        applyFilters();
      });
      sw.style.background = c.color;
      li.dataset.type = c.type;
      lab.append(box, sw, el('span', state.lang === 'en' ? c.label_en : c.label_id, 'name'), el('span', '', 'count'));
      li.append(lab);
      ul.append(li);
    });
    renderLegendCounts();
  }
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
    $('filter-' + f).addEventListener('change', function (ev) { state.facet[f] = ev.target.value; applyFilters(); });
  });
  function renderYears() {
    if (minYear === null) { $('time').hidden = true; return; }
    ['year-from', 'year-to'].forEach(function (id) { $(id).min = minYear; $(id).max = maxYear; });
    $('year-from').value = state.from;
    $('year-to').value = state.to;
    $('year-label').textContent = state.from + ' – ' + state.to;
  }
  function onYears(ev) {
    var a = Number($('year-from').value), b = Number($('year-to').value);
    if (a > b) { if (ev.target.id === 'year-from') { b = a; } else { a = b; } }
    state.from = a;
    state.to = b;
    renderYears();
    applyFilters();
  }
  $('year-from').addEventListener('input', onYears);
  $('year-to').addEventListener('input', onYears);

  // ---- details panel ----
  function formatFact(name, value, facts) {
    if (name === 'amount' && typeof value === 'number') {
      var cur = facts.filter(function (f) { return f[0] === 'currency'; })[0];
      return value.toLocaleString(state.lang === 'en' ? 'en-GB' : 'id-ID') + (cur ? ' ' + cur[1] : '');
    }
    return String(value);
  }
  function showDetails(id) {
    var n = byId.get(id), info = meta.info[id];
    if (!n || !info) { return; }
    state.selected = id;
    $('d-label').textContent = label(n);
    $('d-labels').textContent = TEXT[state.lang].id + ': ' + n.label_id + ' · ' + TEXT[state.lang].en + ': ' + n.label_en;
    var c = classByType.get(n.type);
    $('d-class').textContent = c ? (state.lang === 'en' ? c.label_en : c.label_id) : n.type;
    var dl = $('d-facts'), facts = state.lang === 'en' ? info.facts_en : info.facts_id;
    dl.textContent = '';
    facts.forEach(function (f) {
      var hasAmount = facts.some(function (g) { return g[0] === 'amount'; });
      if (f[0] === 'currency' && hasAmount) { return; }
      var names = meta.facts[f[0]] || [f[0], f[0]];
      dl.append(el('dt', state.lang === 'en' ? names[1] : names[0]), el('dd', formatFact(f[0], f[1], facts)));
    });
    var links = $('d-links');
    links.textContent = '';
    adjacent.get(id).forEach(function (a) {
      var other = byId.get(a.other), li = el('li'), b = el('button', label(other));
      b.type = 'button';
      b.addEventListener('click', function () { focusNode(a.other); });
      var rel = state.lang === 'en' ? a.edge.label_en : a.edge.label_id;
      li.append(el('span', (a.out ? rel + ' → ' : '← ' + rel + ' '), 'rel'), b);
      links.append(li);
    });
    if (!links.children.length) { links.append(el('li', t('none'))); }
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
    labelAround(id);
  }
  // Large graphs draw edge labels only around the selected node: thousands of labels make every frame slow.
  var labelled = [];
  function edgeLabel(e) { return state.lang === 'en' ? e.label_en : e.label_id; }
  function labelAround(id) {
    if (meta.edge_labels) { return; }
    var updates = labelled.map(function (eid) { return {id: eid, label: ''}; });
    labelled = id ? adjacent.get(id).map(function (a) { return a.edge.id; }) : [];
    labelled.forEach(function (eid) { updates.push({id: eid, label: edgeLabel(edges.get(eid))}); });
    if (updates.length) { edges.update(updates); }
  }
  function hideDetails() { state.selected = null; $('details').hidden = true; labelAround(null); }
  $('details-close').addEventListener('click', function () { network.unselectAll(); hideDetails(); });
  network.on('click', function (p) { if (p.nodes.length) { showDetails(p.nodes[0]); } else { hideDetails(); } });

  function focusNode(id) {
    if (!shown.get(id)) { return; }
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    showDetails(id);
  }

  // ---- search (Indonesian or English, case- and accent-insensitive) ----
  var results = $('search-results');
  function matches(q) {
    // Best first: a whole name, then a name's start, then a word's start, then anywhere; shorter names first.
    var key = fold(q).trim();
    if (!key) { return []; }
    var hits = [];
    nodeList.forEach(function (n) {
      if (!shown.get(n.id)) { return; }
      var names = searchKeys.get(n.id).split('\n'), rank = 9;
      names.forEach(function (name) {
        var at = name.indexOf(key);
        if (at < 0) { return; }
        var r = name === key ? 0 : at === 0 ? 1 : /[^a-z0-9]/.test(name.charAt(at - 1)) ? 2 : 3;
        rank = Math.min(rank, r);
      });
      if (rank < 9) { hits.push([rank, label(n).length, n]); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return hits.slice(0, 12).map(function (h) { return h[2]; });
  }
  function renderResults() {
    results.textContent = '';
    matches($('search').value).forEach(function (n, i) {
      var li = el('li', label(n));
      li.dataset.id = n.id;
      li.setAttribute('role', 'option');
      if (i === 0) { li.className = 'active'; }
      li.addEventListener('mousedown', function (ev) { ev.preventDefault(); pick(n.id); });
      results.append(li);
    });
  }
  function pick(id) { results.textContent = ''; focusNode(id); }
  $('search').addEventListener('input', renderResults);
  $('search').addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') {
      var first = matches($('search').value)[0];
      if (first) { pick(first.id); }
    } else if (ev.key === 'Escape') { results.textContent = ''; }
  });
  $('search').addEventListener('blur', function () { results.textContent = ''; });

  // ---- physics, fit, reset, language ----
  $('physics').checked = !!(options.physics && options.physics.enabled);
  $('physics').addEventListener('change', function (ev) { network.setOptions({physics: {enabled: ev.target.checked}}); });
  $('fit').addEventListener('click', function () { network.fit({animation: false}); });
  $('reset').addEventListener('click', function () {
    state.hiddenTypes.clear();
    FACETS.forEach(function (f) { state.facet[f] = ''; });
    state.from = minYear;
    state.to = maxYear;
    $('search').value = '';
    results.textContent = '';
    network.unselectAll();
    hideDetails();
    if (!$('physics').checked) {
      nodes.update(nodeList.map(function (n) { return {id: n.id, x: n.x, y: n.y}; }));
    }
    renderAll();
    applyFilters();
    network.fit({animation: false});
  });
  function setLanguage(lang) {
    state.lang = lang;
    document.documentElement.lang = lang;
    nodes.update(nodeList.map(function (n) { return {id: n.id, label: label(n)}; }));
    if (meta.edge_labels) { edges.update(edgeList.map(function (e) { return {id: e.id, label: edgeLabel(e)}; })); }
    renderAll();
    applyFilters();
    if (state.selected) { showDetails(state.selected); }
  }
  $('lang-toggle').addEventListener('click', function () { setLanguage(state.lang === 'en' ? 'id' : 'en'); });
  function renderTexts() {
    document.querySelectorAll('[data-i18n]').forEach(function (e) { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (e) { e.placeholder = t(e.dataset.i18nPlaceholder); });
    $('lang-toggle').textContent = t('toggle');
  }
  function renderAll() { renderTexts(); renderLegend(); renderFilters(); renderYears(); }

  renderAll();
  applyFilters();
  timing.ready = performance.now();
  if (options.physics && options.physics.enabled) {
    network.once('stabilized', function () { timing.stabilized = performance.now(); });
  }
  window.mitra = {network: network, nodes: nodes, edges: edges, meta: meta, state: state, timing: timing,
    focusNode: focusNode, setLanguage: setLanguage, applyFilters: applyFilters};
  document.body.dataset.ready = '1';
})();
