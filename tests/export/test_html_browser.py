"""The network page in headless Chromium, used as a planner would, with every outside request blocked.

Debian's chromium (/usr/bin/chromium) is driven by playwright; ``playwright install`` is never needed.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import TURTLE_PREFIXES
from rdflib import Graph

from graph.export.html import write_html
from graph.network.projection import project_network
from graph.network.select import select

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
MID = "https://w3id.org/mitra/id/"
XSS = "<img src=x onerror=alert(1)>"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists() or shutil.which("chromium") is None,
                       reason="Debian's chromium is not installed (apt-get install chromium)"),
]

# The mini fixture plus a hostile institution (labels, source title and URL meant to run script) and an
# accented one for the search.
EXTRA = """
mid:evil a mitra:ForeignInstitution ; rdfs:label "<img src=x onerror=alert(1)>"@id ,
        "<script>alert(2)</script>"@en ; mitra:country mid:netherlands ;
    mitra:note "</script><b>x</b>\u2028" ; mitra:source mid:src-evil .
mid:src-evil a mitra:Source ; rdfs:label "<svg onload=alert(3)>"@en ;
    mitra:title "<img src=y onerror=alert(4)>" ; mitra:url "javascript:alert(5)" .
mid:afd a mitra:ForeignInstitution ; rdfs:label "Agence Française de Développement"@id ,
        "French Development Agency"@en ; mitra:source mid:src-a .
"""


@pytest.fixture(scope="module")
def fixture_g(mini_built):
    g = mini_built.g + Graph()  # a copy of the session's build of the mini data (conftest)
    g.parse(data=TURTLE_PREFIXES + EXTRA, format="turtle")
    return g


@pytest.fixture(scope="module")
def page_file(fixture_g, tmp_path_factory) -> Path:
    return write_html(select(fixture_g), tmp_path_factory.mktemp("html") / "network.html")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Log:
    """What a page did that it should not: outside requests, console errors, uncaught errors, dialogs."""

    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.blocked == [] and self.errors == [] and self.dialogs == []


class Tab:
    """One browser tab for the module, with the network blocked; each :meth:`open` loads a new document in it.

    Loading the page again in the same tab is a fresh page as far as the page can tell (a new document, new
    script state, nothing stored: the page uses no storage), and costs a fraction of a new tab in a new
    context. What the document did wrong is recorded in the :class:`Log` of that :meth:`open`.
    """

    def __init__(self, browser):
        self.page = browser.new_page()
        self.log = Log()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.log.errors.append(m.text) if m.type in ("error", "warning")
                     else None)
        self.page.on("pageerror", lambda e: self.log.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _route(self, r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            self.log.blocked.append(r.request.url)
            r.abort()

    def _dialog(self, d):
        self.log.dialogs.append(d.message)
        d.dismiss()

    def open(self, path: Path, *, viewport: dict[str, int], fragment: str = "", timeout: float = 15000):
        """``path`` (+ ``fragment``) loaded anew at ``viewport``; (page, log) once the graph is drawn."""
        page = self.page
        page.goto("about:blank")  # leave the last document, so a fragment-only change still loads anew
        page.mouse.move(0, 0)
        page.set_viewport_size(viewport)
        self.log = Log()
        page.goto(path.as_uri() + fragment)
        page.wait_for_function("document.body.dataset.ready === '1' && document.body.dataset.rendered === '1'",
                               timeout=timeout)
        return page, self.log


@pytest.fixture(scope="module")
def tab(browser):
    t = Tab(browser)
    yield t
    t.page.close()


def open_page(tab: Tab, path: Path):
    """``path`` freshly loaded with the network blocked; returns (page, log) once the graph is drawn."""
    return tab.open(path, viewport={"width": 1300, "height": 850})


@pytest.fixture
def page(tab, page_file):
    return open_page(tab, page_file)


def hidden_ids(p) -> set[str]:
    """The nodes vis does not draw (its own list of drawn nodes, which the page sets directly, not the DataSet)."""
    return set(p.evaluate("mitra.hiddenIds()"))


def test_page_loads_offline_without_errors(page, fixture_g):
    p, log = page
    assert p.evaluate("typeof vis.Network") == "function"
    drawn = p.evaluate("Object.keys(mitra.network.getPositions()).length")
    assert drawn == project_network(fixture_g).number_of_nodes() == 10
    assert p.locator("#status").inner_text().startswith("10 ")
    log.assert_clean()


def test_drawn_nodes_and_edges_equal_the_projection(page, fixture_g):
    p, log = page
    G = project_network(fixture_g)
    nodes = p.evaluate("mitra.nodes.get().map(n => [n.id, n.label])")
    edges = p.evaluate("mitra.edges.get().map(e => [e.from, e.to, e.key])")
    assert sorted(map(tuple, nodes)) == sorted((n, d["label"]) for n, d in G.nodes(data=True))
    assert Counter(map(tuple, edges)) == Counter(list(G.edges(keys=True)))
    assert len(edges) == G.number_of_edges() == 12
    log.assert_clean()


def test_search_finds_and_focuses_a_node_accent_and_case_insensitively(page):
    p, log = page
    p.fill("#search", "AGENCE FRANCAISE DEVELOP")
    assert p.locator("#search-results li").count() == 0  # no such substring: words are not skipped
    p.fill("#search", "agence francaise de DEVELOPPEMENT")
    assert p.locator("#search-results li").all_inner_texts() == ["Agence Française de Développement"]
    p.press("#search", "Enter")
    assert p.evaluate("mitra.network.getSelectedNodes()") == [MID + "afd"]
    assert p.locator("#details").is_visible()
    assert p.locator("#d-label").inner_text() == "Agence Française de Développement"
    centre = p.evaluate("mitra.network.getViewPosition()")
    pos = p.evaluate(f"mitra.network.getPosition('{MID}afd')")
    assert abs(centre["x"] - pos["x"]) < 1 and abs(centre["y"] - pos["y"]) < 1
    p.fill("#search", "french development")  # the English label finds it too
    assert p.locator("#search-results li").count() == 1
    log.assert_clean()


def test_filters_hide_nodes_and_legend_counts_follow(page):
    p, log = page
    province_row = p.locator('#legend li[data-type="mitra:Province"] .count')
    assert province_row.inner_text() == "2 / 2"
    p.select_option("#filter-province", MID + "kepri")
    assert hidden_ids(p) == {MID + n for n in ("jakarta", "rotterdam", "netherlands", "jakarta-rotterdam",
                                               "dutep", "f-dutep", "evil", "afd")}
    assert province_row.inner_text() == "1 / 2"
    assert p.evaluate("mitra.drawnEdges().length") == 1  # batam → kepri
    p.click("#reset")
    assert hidden_ids(p) == set()
    p.uncheck('#legend input[data-type="mitra:Province"]')
    assert hidden_ids(p) == {MID + "jakarta", MID + "kepri"}
    assert province_row.inner_text() == "0 / 2"
    p.check('#legend input[data-type="mitra:Province"]')
    p.select_option("#filter-country", MID + "netherlands")
    assert MID + "kepri" in hidden_ids(p) and MID + "jakarta" not in hidden_ids(p)
    p.click("#reset")
    p.select_option("#filter-kind", "mitra:KSDPL")
    assert MID + "jakarta-rotterdam" not in hidden_ids(p) and MID + "batam" in hidden_ids(p)
    log.assert_clean()


def test_time_slider_hides_what_falls_outside(page):
    p, log = page
    assert p.locator("#year-label").inner_text() == "1986 – 2015"
    p.locator("#year-to").fill("2000")
    assert p.locator("#year-label").inner_text() == "1986 – 2000"
    hidden = hidden_ids(p)
    assert {MID + "dutep", MID + "f-dutep"} <= hidden  # started 2014, dated 2015
    assert MID + "jakarta-rotterdam" not in hidden  # signed 1986, still running
    p.locator("#year-to").fill("2015")
    p.locator("#year-from").fill("2015")
    assert hidden_ids(p) == set()  # the agreement and the program run on; the funding is dated 2015
    log.assert_clean()


def click_node(p, node_id: str) -> None:
    """Click where the node is drawn on the canvas, as a person would."""
    p.uncheck("#physics")  # stop the layout so the node stays where it is clicked
    xy = p.evaluate(f"""(() => {{
        const pos = mitra.network.canvasToDOM(mitra.network.getPosition('{node_id}'));
        const box = document.getElementById('mynetwork').getBoundingClientRect();
        return [box.left + pos.x, box.top + pos.y];
    }})()""")
    p.mouse.click(*xy)


def test_click_shows_details_with_facts_links_and_sources(page):
    p, log = page
    p.click("#fit")
    click_node(p, MID + "jakarta-rotterdam")
    assert p.locator("#details").is_visible()
    assert p.locator("#d-label").inner_text() == "Kota kembar Jakarta–Rotterdam"
    assert "Jakarta–Rotterdam sister city" in p.locator("#d-labels").inner_text()
    assert "1986" in p.locator("#d-facts").inner_text()
    link = p.locator("#d-sources a")
    assert link.count() == 1 and link.inner_text() == "A title"
    assert link.get_attribute("href") == "https://example.org/a"
    assert sorted(p.locator("#d-links button").all_inner_texts()) == [
        "DKI Jakarta", "Dutch Training and Exposure Program", "Rotterdam"]
    p.locator("#d-links button", has_text="Rotterdam").click()
    assert p.locator("#d-label").inner_text() == "Rotterdam"
    p.click("#reset")  # a click on a node over the timeline may have set a year window: show everything again
    click_node(p, MID + "f-dutep")
    assert "1.000.000,5 EUR" in p.locator("#d-facts").inner_text()
    log.assert_clean()


def test_hostile_labels_show_as_text_and_run_nothing(page):
    p, log = page
    p.fill("#search", "<img")
    assert p.locator("#search-results li").all_inner_texts() == [XSS]
    p.press("#search", "Enter")
    assert p.locator("#d-label").inner_text() == XSS
    assert "</script><b>x</b>" in p.locator("#d-facts").inner_text()
    source = p.locator('#d-sources li[data-source="src-evil"]')
    assert source.inner_text() == "<img src=y onerror=alert(4)>"
    assert source.locator("a").count() == 0  # a javascript: URL is not made a link
    p.click("#lang-toggle")
    assert p.locator("#d-label").inner_text() == "<script>alert(2)</script>"
    p.wait_for_timeout(200)
    assert p.evaluate("document.querySelectorAll('img, svg:not(#timeline), b, #details script').length") == 0
    log.assert_clean()  # includes: no dialog opened


def test_language_toggle_switches_labels(page, fixture_g):
    p, log = page
    G_en = project_network(fixture_g, lang="en")
    assert p.locator("#lang-toggle").inner_text() == "English"
    p.click("#lang-toggle")
    labels = dict(p.evaluate("mitra.nodes.get().map(n => [n.id, n.label])"))
    assert labels == {n: d["label_en"] for n, d in G_en.nodes(data=True)}
    assert labels[MID + "kepri"] == "Riau Islands"
    assert p.locator("#lang-toggle").inner_text() == "Bahasa Indonesia"
    assert p.locator('#legend li[data-type="mitra:Province"] .name').inner_text() == "Province"
    edge = p.evaluate("mitra.edges.get({filter: e => e.key === 'mitra:partOf'})[0].label")
    assert edge == next(d["label"] for *_, k, d in G_en.edges(keys=True, data=True) if k == "mitra:partOf")
    p.click("#lang-toggle")
    assert p.evaluate(f"mitra.nodes.get('{MID}kepri').label") == "Kepulauan Riau"
    log.assert_clean()


def test_physics_toggle_and_fit(page):
    p, log = page
    assert p.evaluate("mitra.network.physics.physicsEnabled") is True
    p.uncheck("#physics")
    assert p.evaluate("mitra.network.physics.physicsEnabled") is False
    p.evaluate("mitra.network.moveTo({position: {x: 5000, y: 5000}, scale: 3})")
    p.click("#fit")
    centre = p.evaluate("mitra.network.getViewPosition()")
    assert abs(centre["x"]) < 1000 and abs(centre["y"]) < 1000
    log.assert_clean()


# ---- issue #13: first sight, cards, map, timeline, expand, the view in the URL, search across dashes ----

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture(scope="module")
def shipped_file(shipped, tmp_path_factory) -> Path:
    return write_html(select(shipped.g, lang="en"), tmp_path_factory.mktemp("shipped") / "network.html", lang="en")


def open_laptop(tab: Tab, path: Path, fragment: str = ""):
    """The page on a 1366×768 laptop screen, freshly loaded, settled (physics stabilised) and fitted."""
    page, log = tab.open(path, viewport=LAPTOP, fragment=fragment, timeout=30000)
    page.wait_for_function("!mitra.network.physics.physicsEnabled || mitra.timing.stabilized", timeout=60000)
    return page, log


@pytest.fixture
def laptop(tab, shipped_file):
    return open_laptop(tab, shipped_file)


def in_canvas(p, ids: list[str], view: str = "network") -> list[str]:
    """The ids of ``ids`` whose drawn centre lies outside the visible canvas of ``view``."""
    return p.evaluate("""([ids, view]) => {
        const v = view === 'map' ? mitra.map() : {net: mitra.network, box: document.getElementById('mynetwork')};
        const box = v.box.getBoundingClientRect();
        return ids.filter(id => {
            const d = v.net.canvasToDOM(v.net.getPosition(id));
            return !(d.x >= 0 && d.y >= 0 && d.x <= box.width && d.y <= box.height);
        });
    }""", [ids, view])


def drawn(p) -> list[str]:
    return p.evaluate("mitra.drawnIds()")


def linked_drawn(p) -> list[str]:
    return p.evaluate("""(() => {
        const drawnEdges = new Set(mitra.drawnEdges());
        const ids = new Set();
        mitra.edges.get().forEach(e => {
            if (drawnEdges.has(e.id)) { ids.add(e.from); ids.add(e.to); }
        });
        return [...ids];
    })()""")


def test_first_view_fits_the_linked_network_labels_the_hubs_and_counts_unlinked_regions(laptop, shipped):
    p, log = laptop
    G = project_network(shipped.g)
    regions = ("mitra:Province", "mitra:Regency", "mitra:City")
    unlinked = {n for n, d in G.nodes(data=True) if d["type"] in regions
                and all(k in ("mitra:partOf", "mitra:unitOf") for *_, k in
                        [*G.out_edges(n, keys=True), *G.in_edges(n, keys=True)])}
    assert len(unlinked) > 10  # provinces with no partner in the shipped data
    assert set(hidden_ids(p)) == unlinked
    assert p.locator("#unlinked-text").inner_text().startswith(f"{len(unlinked)} regions without partners")
    linked = linked_drawn(p)
    assert len(linked) > 150 and in_canvas(p, linked) == []
    # the labelled (best-linked) nodes read at 9 px or more on screen when fitted
    scale = p.evaluate("mitra.network.getScale()")
    big = p.evaluate("(() => { const d = new Set(mitra.drawnIds()); return mitra.nodes.get("
                     "{filter: n => d.has(n.id) && n.font.size > 20}).map(n => n.font.size); })()")
    assert len(big) >= 12 and min(big) * scale >= 11
    # every control is on screen without scrolling
    outside = p.evaluate("""(() => [...document.querySelectorAll(
            '#toolbar button, #toolbar input, #sidebar select, #sidebar input, #year-from, #year-to, #timeline')]
        .filter(e => { const r = e.getBoundingClientRect();
            return r.width === 0 || r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth; })
        .map(e => e.id || e.dataset.type))()""")
    assert outside == []
    p.check("#show-unlinked")
    assert hidden_ids(p) == set() and in_canvas(p, drawn(p)) == []
    log.assert_clean()


def test_filters_refit_and_the_details_panel_leaves_the_selection_in_view(laptop):
    p, log = laptop
    p.select_option("#filter-country", MID + "germany")
    shown = drawn(p)
    everything = p.evaluate("mitra.nodes.length")
    # Germany's partners (Berlin, GIZ, KfW, BMZ, the German cities) and what they take part in: a fraction
    assert MID + "berlin" in shown and MID + "tokyo" not in shown and 3 < len(shown) < everything / 4
    assert in_canvas(p, shown) == []
    scale = p.evaluate("mitra.network.getScale()")
    p.click("#reset")
    assert p.evaluate("mitra.network.getScale()") < scale  # the whole network needs a wider view again
    p.fill("#search", "Jakarta-Berlin")
    p.press("#search", "Enter")
    box = p.locator("#mynetwork").bounding_box()
    panel = p.locator("#details").bounding_box()
    assert box["x"] + box["width"] <= panel["x"] + 1  # the panel sits beside the canvas, not over it
    assert in_canvas(p, [MID + "jakarta-berlin", MID + "berlin", MID + "jakarta-future-city-hub"]) == []
    log.assert_clean()


def test_agreement_card_says_what_came_out_of_it_and_who_paid(laptop):
    p, log = laptop
    p.fill("#search", "jakarta berlin")
    p.press("#search", "Enter")
    assert p.locator("#d-label").inner_text() == "Jakarta–Berlin sister city"
    out = p.locator("#d-outcomes")
    assert p.locator("#d-outcomes-title").inner_text() == "WHAT CAME OUT OF IT"
    items = out.locator(":scope > li").all_inner_texts()
    assert len(items) == 1
    assert items[0].startswith("produced Jakarta Future City Hub (from 2023-09-07)")
    assert "funded by: 400,000 EUR by European Union (" not in items[0]  # no date on this funding
    assert "funded by: 400,000 EUR by European Union · Jakarta Future City Hub fit-out" in items[0]
    assert p.locator("#d-totals").inner_text() == "funds 400,000 EUR"
    links = p.locator("#d-links li").all_inner_texts()
    assert links == sorted(links) and "produced: Jakarta Future City Hub" in links
    out.locator("button", has_text="Jakarta Future City Hub").first.click()
    assert p.locator("#d-label").inner_text() == "Jakarta Future City Hub"
    program = p.locator("#d-outcomes li").all_inner_texts()
    assert program[0] == "result of Jakarta–Berlin sister city"
    assert program[1].startswith("funded by: 400,000 EUR by European Union")
    assert "result of: Jakarta–Berlin sister city" in p.locator("#d-links li").all_inner_texts()
    p.locator("#d-links button", has_text="Berlin").first.click()
    assert p.locator("#d-label").inner_text() == "Berlin"
    assert p.locator("#d-totals").inner_text() == "2 agreements · 1 programs · funds 400,000 EUR"
    assert "party to: Jakarta–Berlin sister city" in p.locator("#d-links li").all_inner_texts()
    log.assert_clean()


def test_map_places_partners_by_coordinates_with_lines_and_the_same_filters(laptop):
    p, log = laptop
    p.click("#view-map")
    assert p.locator("#mymap").is_visible() and not p.locator("#mynetwork").is_visible()
    assert p.evaluate("mitra.meta.world.length") > 200  # the Natural Earth outline is inlined
    berlin = p.evaluate(f"mitra.map().net.getPosition('{MID}berlin')")
    # 8 px a degree; vis reports whole pixels
    assert abs(berlin["x"] / 8 - 13.41) < 0.07 and abs(-berlin["y"] / 8 - 52.52) < 0.07
    line = p.evaluate(f"mitra.map().edges.get({{filter: e => e.from === '{MID}jakarta' && e.to === '{MID}berlin'}})")
    assert len(line) == 1 and MID + "jakarta-berlin" in line[0]["agreements"]
    assert line[0]["id"] in p.evaluate("mitra.map().drawnEdges()")
    placed = p.evaluate("mitra.map().drawnIds()")
    assert len(placed) > 50 and in_canvas(p, placed, "map") == []
    p.select_option("#filter-country", MID + "germany")
    placed = set(p.evaluate("mitra.map().drawnIds()"))
    assert MID + "berlin" in placed and MID + "tokyo" not in placed
    assert in_canvas(p, sorted(placed), "map") == []
    p.fill("#search", "berlin")
    p.press("#search", "Enter")
    assert p.evaluate("mitra.map().net.getSelectedNodes()") == [MID + "berlin"]
    assert p.locator("#d-label").inner_text() == "Berlin"
    assert "GeoNames" in p.locator("#footer").inner_text() and "Natural Earth" in p.locator("#footer").inner_text()
    log.assert_clean()


def test_timeline_counts_signings_per_year_and_dragging_it_sets_the_years(laptop, shipped):
    p, log = laptop
    bars = p.evaluate("[...document.querySelectorAll('#timeline g[data-year]')].map(g => +g.dataset.year)")
    assert 1994 in bars and len(bars) > 15
    box = p.locator("#timeline").bounding_box()
    lo, hi = p.evaluate("[mitra.state.from, mitra.state.to]")
    x = lambda year: box["x"] + (year - lo + 0.5) / (hi - lo + 1) * box["width"]  # noqa: E731
    p.mouse.move(x(1990), box["y"] + 20)
    p.mouse.down()
    p.mouse.move(x(2000), box["y"] + 20, steps=4)
    p.mouse.up()
    assert p.locator("#year-label").inner_text() == "1990 – 2000"
    assert p.evaluate("[mitra.state.from, mitra.state.to]") == [1990, 2000]
    hidden = hidden_ids(p)
    assert MID + "jakarta-future-city-hub" in hidden and MID + "jakarta-berlin" not in hidden
    assert in_canvas(p, linked_drawn(p)) == []
    p.dblclick("#timeline")
    assert p.evaluate("[mitra.state.from, mitra.state.to]") == [lo, hi]
    log.assert_clean()


def test_search_matches_across_dashes_spaces_and_languages(laptop):
    p, log = laptop
    for text in ("Jakarta-Berlin", "jakarta berlin", "JAKARTA – BERLIN", "jakarta—berlin sister"):
        p.fill("#search", text)
        assert p.locator("#search-results li").first.get_attribute("data-id") == MID + "jakarta-berlin", text
    p.click("#lang-toggle")  # Indonesian labels; the English name still finds it, and says so
    p.fill("#search", "jakarta berlin sister city")
    first = p.locator("#search-results li").first
    assert first.get_attribute("data-id") == MID + "jakarta-berlin"
    assert first.inner_text().startswith("Kota kembar Jakarta–Berlin") and "sister city" in first.inner_text()
    log.assert_clean()


def test_expand_shows_hidden_neighbours_and_the_url_reproduces_the_view(tab, page_file):
    p, log = open_laptop(tab, page_file)
    p.uncheck('#legend input[data-type="mitra:Program"]')
    assert hidden_ids(p) == {MID + "dutep"}
    p.evaluate(f"mitra.focusNode('{MID}jakarta-rotterdam')")
    assert p.locator("#d-expand").inner_text().endswith("(1 tersembunyi)")
    p.click("#d-expand")
    assert hidden_ids(p) == set()  # the only hidden neighbour came back; the filter still stands
    assert p.evaluate("[...mitra.state.hiddenTypes]") == ["mitra:Program"]
    p.select_option("#filter-country", MID + "netherlands")
    p.locator("#year-from").fill("1990")
    p.fill("#search", "rotter")
    p.click("#view-map")
    fragment = p.evaluate("location.hash")
    assert "view=map" in fragment and "expand=jakarta-rotterdam" in fragment and "years=1990-2015" in fragment
    state = ("[mitra.state.view, mitra.state.facet.country, mitra.state.from, mitra.state.to, mitra.state.selected,"
             " [...mitra.state.hiddenTypes], document.getElementById('search').value]")
    before, hidden = p.evaluate(state), hidden_ids(p)
    q, log2 = open_laptop(tab, page_file, fragment)  # a new document: the view comes from the URL alone
    assert q.evaluate(state) == before and hidden_ids(q) == hidden
    assert before[0] == "map" and before[4] == MID + "jakarta-rotterdam"
    assert q.locator("#d-label").inner_text() == "Kota kembar Jakarta–Rotterdam"
    log.assert_clean()
    log2.assert_clean()


# An undated program of the dated Rotterdam agreement, an undated funding of nothing dated, an ended agreement.
UNDATED = """
mid:undated-program a mitra:Program ; rdfs:label "Program tanpa tanggal"@id , "Undated program"@en ;
    mitra:resultOf mid:jakarta-rotterdam ; mitra:location mid:jakarta ; mitra:source mid:src-a .
mid:undated-funding a mitra:Funding ; rdfs:label "Dana tanpa tanggal"@id , "Undated funding"@en ;
    mitra:funder mid:netherlands ; mitra:fundingKind mitra:funding-grant ; mitra:source mid:src-a .
mid:ended a mitra:KSDPL ; rdfs:label "Kerja sama berakhir"@id , "Ended agreement"@en ;
    mitra:party mid:jakarta , mid:rotterdam ; mitra:signingDate "1990"^^xsd:gYear ; mitra:status "expired" ;
    mitra:source mid:src-a .
"""


@pytest.fixture(scope="module")
def undated(mini_built, tmp_path_factory):
    """The mini data with UNDATED added: its projection and its page, made once for the module."""
    g = mini_built.g + Graph()
    g.parse(data=TURTLE_PREFIXES + UNDATED, format="turtle")
    return project_network(g), write_html(select(g), tmp_path_factory.mktemp("undated") / "network.html")


@pytest.mark.parametrize(("since", "until"), [(2000, 2010), (1986, 1986), (1990, 1990), (2015, 2015),
                                              (1991, 2013)])
def test_year_range_on_the_page_follows_the_export_date_rule(tab, undated, since, until):
    """The slider and ``export --since/--until`` keep the same activities (one rule: select.active_nodes)."""
    from graph.network.classes import ACTIVITY_TYPES
    from graph.network.select import active_nodes

    G, page_path = undated
    activities = {n for n, d in G.nodes(data=True) if d["type"] in ACTIVITY_TYPES}
    kept = active_nodes(G, str(since), str(until))
    assert MID + "ended" in activities and len(activities) >= 6
    p, log = open_page(tab, page_path)
    p.locator("#year-from").fill(str(since))
    p.locator("#year-to").fill(str(until))
    shown = activities - hidden_ids(p)
    assert shown == kept, (since, until)
    log.assert_clean()


# ---- speed at 10x the national size (#13): one draw per interaction; labels bounded when zoomed in ----

COUNT_DRAWS = """() => { window.__draws = 0; mitra.network.on('afterDrawing', () => { window.__draws += 1; }); }"""
FRAMES = "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))))"


def draws_of(p, action) -> int:
    """How many times the network is drawn from ``action`` until three frames later."""
    p.evaluate(FRAMES)
    p.evaluate("window.__draws = 0")
    action()
    p.evaluate(FRAMES)
    return p.evaluate("window.__draws")


def test_each_interaction_draws_the_network_once(laptop):
    """vis redraws inside every DataSet update, selection and resize; the page holds those and draws once."""
    p, log = laptop
    p.uncheck("#physics")  # with physics on, a change restarts the simulation, which draws every frame
    p.evaluate(COUNT_DRAWS)
    assert draws_of(p, lambda: p.uncheck('#legend input[data-type="mitra:Program"]')) == 1
    assert draws_of(p, lambda: p.check('#legend input[data-type="mitra:Program"]')) == 1
    assert draws_of(p, lambda: p.select_option("#filter-country", MID + "germany")) == 1
    assert draws_of(p, lambda: p.select_option("#filter-country", "")) == 1
    p.fill("#search", "jakarta berlin")
    assert draws_of(p, lambda: p.press("#search", "Enter")) == 1  # select, focus, open the card, narrow the canvas
    assert p.locator("#d-label").inner_text() == "Jakarta–Berlin sister city"
    assert draws_of(p, lambda: p.click("#lang-toggle")) == 1
    assert draws_of(p, lambda: p.click("#details-close")) == 1  # the canvas widens again
    assert draws_of(p, lambda: p.click("#fit")) == 1
    log.assert_clean()


def test_a_class_toggle_hides_exactly_the_nodes_of_that_class(laptop, shipped):
    p, log = laptop
    G = project_network(shipped.g)
    programs = {n for n, d in G.nodes(data=True) if d["type"] == "mitra:Program"}
    before = hidden_ids(p)
    assert len(programs) > 20 and not programs & before
    p.uncheck('#legend input[data-type="mitra:Program"]')
    assert hidden_ids(p) == before | programs
    drawn_edges = set(p.evaluate("mitra.drawnEdges()"))
    ends = p.evaluate("mitra.edges.get().map(e => [e.id, e.from, e.to])")
    assert drawn_edges and all((u not in programs and v not in programs) == (i in drawn_edges)
                               for i, u, v in ends if u not in before and v not in before)
    p.check('#legend input[data-type="mitra:Program"]')
    assert hidden_ids(p) == before
    log.assert_clean()


ON_SCREEN_LABELS = """() => {
    const net = mitra.network, scale = net.getScale();
    const box = document.getElementById('mynetwork').getBoundingClientRect();
    const drawn = new Set(mitra.drawnIds()), out = [];
    mitra.nodes.get().forEach(n => {
        if (!drawn.has(n.id)) { return; }
        const d = net.canvasToDOM(net.getPosition(n.id));
        if (d.x < 0 || d.y < 0 || d.x > box.width || d.y > box.height) { return; }
        out.push([n.id, n.label, n.font.size * scale]);
    });
    return out;
}"""


DRAWN_TEXTS = """() => {
    // what one draw of the network writes on its canvas: each text with its size on screen in px
    const texts = [], proto = CanvasRenderingContext2D.prototype, fill = proto.fillText;
    proto.fillText = function (text) {
        const px = parseFloat(/(\\d+(?:\\.\\d+)?)px/.exec(this.font)[1]);
        texts.push([String(text), px * this.getTransform().a / devicePixelRatio]);
        return fill.apply(this, arguments);
    };
    try { mitra.network.redraw(); } finally { proto.fillText = fill; }
    return texts;
}"""


def test_zoomed_in_labels_stay_small_and_faded_ones_are_not_drawn_behind_the_card(laptop, shipped):
    """A hub's label is enlarged to read in the fitted view; zoomed in, no label drawn exceeds 18 px, and
    while a card is open the only labels drawn are the highlight's: the selection and its neighbours."""
    p, log = laptop
    G = project_network(shipped.g, lang="en")
    p.fill("#search", "jakarta berlin")
    p.press("#search", "Enter")
    assert p.evaluate("mitra.network.getScale()") >= 0.5
    assert len(p.evaluate(ON_SCREEN_LABELS)) > 20  # many nodes in view behind the veil
    near = {MID + n for n in ("jakarta-berlin", "jakarta", "berlin", "jakarta-future-city-hub")}
    texts = p.evaluate(DRAWN_TEXTS)
    node_texts = {t for t, _ in texts if t in {d["label"] for d in G.nodes.values()}}
    assert node_texts == {G.nodes[n]["label"] for n in near}
    assert all(px <= 18.5 for _, px in texts)
    p.click("#details-close")  # the card closed, the labels in view are drawn again, none over 18 px
    texts = p.evaluate(DRAWN_TEXTS)
    assert len(texts) > 20 and max(px for _, px in texts) <= 18.5, sorted(texts, key=lambda t: -t[1])[:3]
    assert G.nodes[MID + "jakarta"]["label"] in {t for t, _ in texts}  # a hub (payload font 30)
    box = p.locator("#mynetwork").bounding_box()
    p.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(4):  # zoom in further with the wheel, as a person would
        p.mouse.wheel(0, -400)
        p.wait_for_timeout(100)
    p.evaluate(FRAMES)
    assert p.evaluate("mitra.network.getScale()") > 1.5
    texts = p.evaluate(DRAWN_TEXTS)
    assert texts and max(px for _, px in texts) <= 18.5
    log.assert_clean()


def test_the_language_toggle_relabels_what_is_in_view_and_the_rest_as_it_comes_into_view(laptop, shipped):
    p, log = laptop
    G_id = project_network(shipped.g, lang="id")
    p.fill("#search", "jakarta berlin")
    p.press("#search", "Enter")
    p.click("#lang-toggle")  # English → Indonesian
    assert p.locator("#d-label").inner_text() == "Kota kembar Jakarta–Berlin"
    p.click("#details-close")  # the faded nodes around are drawn with labels again: in Indonesian
    readable = [(n, lab) for n, lab, size in p.evaluate(ON_SCREEN_LABELS) if size >= 7]
    assert len(readable) > 20 and all(lab == G_id.nodes[n]["label"] for n, lab in readable)
    p.click("#fit")  # the whole network: every readable label in view is Indonesian now too
    readable = [(n, lab) for n, lab, size in p.evaluate(ON_SCREEN_LABELS) if size >= 7]
    assert len(readable) >= 12 and all(lab == G_id.nodes[n]["label"] for n, lab in readable)
    log.assert_clean()
