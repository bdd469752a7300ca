"""Benchmark: the network page of a synthetic graph (default 5,000 nodes, 10,000 edges) and of data/.

Run on demand (never in the test suite): ``.venv/bin/python benchmarks/bench_html.py [--shipped]``;
``--graph national.nt --times 10`` measures a built graph (an RDF file, e.g. the national data's) and a
generated graph ten times its size; ``--screenshots docs/ --graph national.nt`` takes the docs' screenshots
(first view, map, the Berlin card) on 1366×768; ``--screenshot docs/network.png`` the older one.
Measures, in one run:
- building the page: layout, payload and pyvis rendering; and the baseline of filling pyvis with ``from_nx``
  instead of assigning ``net.nodes``/``net.edges`` in bulk (ratio baseline / ours, style.md G11);
- in headless Chromium (/usr/bin/chromium, network blocked, 1366×768): time to first render (vis
  ``afterDrawing``, from navigation start), time to interactive (our controls bound), and how long a class
  toggle, a country filter (with re-fit), typing a search, picking the result (focus and card), following a
  link in the card, the first map toggle (builds the map), the way back, a year window, the language toggle and
  closing the card take until two frames later; the machine's load average is printed beside them (the
  machine is shared: times are inflated, ratios within one run are not);
- the file size.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.export.html import layout_positions, network_payload, render_html  # noqa: E402
from graph.io import write_text  # noqa: E402
from graph.network.classes import CLASS_STYLES  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
READY = "document.body.dataset.ready === '1' && document.body.dataset.rendered === '1'"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic_coordinates(G: nx.MultiDiGraph, *, seed: int = 7) -> dict[str, tuple[float, float, bool]]:
    """Random places for the synthetic graph's regions, partners and countries (Indonesia for regions)."""
    rnd = random.Random(seed)
    out = {}
    for _, d in G.nodes(data=True):
        if d["type"] in ("mitra:Province", "mitra:Regency", "mitra:City"):
            out[d["local_id"]] = (rnd.uniform(-10, 5), rnd.uniform(95, 141), False)
        elif d["type"] in ("mitra:ForeignLocalGovernment", "mitra:Country"):
            out[d["local_id"]] = (rnd.uniform(-50, 65), rnd.uniform(-170, 175), False)
    return out


def synthetic(nodes: int, edges: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """A Mitra-shaped projection: classes in realistic proportions, dated activities, both languages."""
    rnd = random.Random(seed)
    # weights by class (districts none, so the graph is the one earlier runs measured); a class added to
    # CLASS_STYLES later gets weight 1
    share = {"mitra:Province": 4, "mitra:Regency": 6, "mitra:City": 8, "mitra:District": 0,
             "mitra:ForeignLocalGovernment": 10, "mitra:Country": 2, "mitra:ForeignInstitution": 4,
             "mitra:NationalAgency": 2, "mitra:OrganizationalUnit": 3, "mitra:Person": 3, "mitra:KSDPL": 8,
             "mitra:KSDLL": 3, "mitra:Agreement": 2, "mitra:Program": 14, "mitra:Funding": 8,
             "mitra:LegalInstrument": 2, "mitra:Event": 2}
    types = list(CLASS_STYLES)
    weights = [share.get(t, 1) for t in types]
    G = nx.MultiDiGraph()
    for i in range(nodes):
        t = rnd.choices(types, weights)[0]
        attrs = {"label": f"Simpul {i} é", "label_id": f"Simpul {i} é", "label_en": f"Node {i}", "type": t,
                 "local_id": f"n{i}", "sources": "src-0"}
        if t in ("mitra:KSDPL", "mitra:KSDLL", "mitra:Program", "mitra:Event"):
            attrs["start"] = str(1980 + rnd.randrange(45))
            attrs["sector"] = attrs["sector_keys"] = rnd.choice(["water", "waste", "transport", "health"])
        if t == "mitra:Funding":
            attrs.update(date=str(2000 + rnd.randrange(25)), amount=float(rnd.randrange(1, 10**7)),
                         currency=rnd.choice(["EUR", "JPY", "USD"]))
        G.add_node(f"https://w3id.org/mitra/id/n{i}", **attrs)
    ids = list(G)
    for i in range(edges):
        u, v = rnd.sample(ids, 2)
        if i % 10 == 0:  # some Indonesian regions are only placed in a province, as in the national data
            G.add_edge(u, v, key="mitra:partOf", relation="partOf", label="bagian dari")
        else:
            G.add_edge(u, v, key="mitra:party", relation="party", label="pihak")
    return G


def best(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def baseline_from_nx(G: nx.MultiDiGraph) -> str:
    """What pyvis offers out of the box: ``from_nx`` (copies G: it mutates its input) and its own template."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    net.from_nx(G.copy())
    return net.generate_html()


def fill_bulk(payload: dict) -> str:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    net.nodes, net.edges = payload["nodes"], payload["edges"]
    return net.generate_html()


def frames(page) -> None:
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def in_browser(path: Path, probe_label: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = b.new_page(viewport={"width": 1366, "height": 768})
        blocked: list[str] = []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://")
                   else (blocked.append(r.request.url), r.abort()))
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function(READY, timeout=300000)
        wall = time.perf_counter() - t0
        timing = page.evaluate("mitra.timing")
        out = {"first_render_s": timing["rendered"] / 1000, "interactive_s": timing["ready"] / 1000,
               "load_wall_s": wall}

        cdp = b.new_browser_cdp_session()

        def cpu() -> float:
            """CPU seconds used so far by this browser's processes (renderer, GPU, browser): unlike the wall
            time, it does not grow when other work on the machine takes the cores."""
            return sum(proc["cpuTime"] for proc in cdp.send("SystemInfo.getProcessInfo")["processInfo"])

        def timed(name, action) -> None:
            c, t = cpu(), time.perf_counter()
            action()
            frames(page)
            out[name] = time.perf_counter() - t
            out[name.replace("_s", "_cpu")] = cpu() - c

        timed("frame_s", lambda: page.evaluate("mitra.network.redraw()"))  # one draw of the whole network

        timed("class_toggle_s", lambda: page.uncheck("#legend li:first-child input"))
        page.check("#legend li:first-child input")
        country = page.evaluate("mitra.meta.facets.country.length ? mitra.meta.facets.country[0][0] : ''")
        timed("filter_s", lambda: page.select_option("#filter-country", country))
        page.select_option("#filter-country", "")

        timed("search_type_s", lambda: (page.fill("#search", probe_label),
                                        page.wait_for_selector("#search-results li")))

        def search() -> None:
            page.press("#search", "Enter")
            page.wait_for_selector("#details:not([hidden])")

        timed("search_focus_s", search)
        # another card: the first connection in the open card, as a person follows a link
        timed("card_s", lambda: page.click("#d-links li:first-child button"))
        timed("close_card_s", lambda: page.click("#details-close"))
        timed("map_first_s", lambda: page.click("#view-map"))
        timed("network_back_s", lambda: page.click("#view-network"))
        timed("map_again_s", lambda: page.click("#view-map"))
        page.click("#view-network")
        lo = page.evaluate("mitra.state.from")
        slide = (f"document.getElementById('year-from').value = {lo + 5};"
                 "document.getElementById('year-from').dispatchEvent(new Event('input'))")
        timed("years_s", lambda: page.evaluate(slide))
        timed("language_s", lambda: page.click("#lang-toggle"))
        b.close()
    assert not blocked, blocked
    return out


def screenshots(folder: Path, g) -> list[Path]:
    """docs/page-first-view.png, page-map.png and page-berlin-card.png: the page on a 1366×768 laptop."""
    from playwright.sync_api import sync_playwright

    from graph.export.html import build_html
    from graph.io import write_bytes
    from graph.network.select import select

    html = build_html(select(g), lang="en")
    written = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / "network.html"
        write_text(path, html)
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = b.new_page(viewport={"width": 1366, "height": 768}, device_scale_factor=1)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(path.as_uri())
        page.wait_for_function(READY, timeout=120000)
        page.wait_for_function("!mitra.network.physics.physicsEnabled || mitra.timing.stabilized",
                               timeout=120000)
        frames(page)
        for name, action in (("page-first-view.png", lambda: None),
                             ("page-map.png", lambda: page.click("#view-map")),
                             ("page-berlin-card.png", lambda: (page.click("#view-network"),
                                                               page.fill("#search", "jakarta berlin"),
                                                               page.press("#search", "Enter")))):
            action()
            frames(page)
            write_bytes(folder / name, page.screenshot())
            written.append(folder / name)
        b.close()
    return written


def screenshot(out: Path, *, lang: str = "en", focus: str = "Jakarta") -> Path:
    """docs/network.png: the shipped data's page in headless Chromium, with one node's details open."""
    from playwright.sync_api import sync_playwright

    from graph.build.assemble import build_graph
    from graph.export.html import build_html
    from graph.io import write_bytes
    from graph.network.select import select

    html = build_html(select(build_graph().g), lang=lang)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / "network.html"
        write_text(path, html)
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = b.new_page(viewport={"width": 1600, "height": 1000}, device_scale_factor=1)
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
        page.goto(path.as_uri())
        page.wait_for_function(READY)
        page.wait_for_function("!mitra.network.physics.physicsEnabled || mitra.timing.stabilized",
                               timeout=60000)
        page.uncheck("#physics")
        page.click("#fit")
        page.fill("#search", focus)
        page.press("#search", "Enter")
        page.evaluate("mitra.network.moveTo({scale: 0.8,"
                      " position: mitra.network.getPosition(mitra.state.selected)})")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        write_bytes(out, page.screenshot())
        b.close()
    return out


INTERACTIONS = ("frame", "class_toggle", "filter", "search_type", "search_focus", "card", "close_card", "map_first",
                "network_back", "map_again", "years", "language")


def report(name: str, build: float, size: int, browser: dict[str, float], extra: str = "") -> None:
    print(f"{name}: build {build:.2f} s{extra}, file {size / 1e6:.2f} MB, "
          f"first render {browser['first_render_s']:.2f} s, interactive {browser['interactive_s']:.2f} s "
          f"(page load seen by the driver {browser['load_wall_s']:.2f} s), "
          f"class toggle {browser['class_toggle_s']:.2f} s, filter {browser['filter_s']:.2f} s, "
          f"search typed {browser['search_type_s']:.2f} s, search+focus+card {browser['search_focus_s']:.2f} s, "
          f"next card {browser['card_s']:.2f} s, map first {browser['map_first_s']:.2f} s, "
          f"back {browser['network_back_s']:.2f} s, map again {browser['map_again_s']:.2f} s, "
          f"years {browser['years_s']:.2f} s, language toggle {browser['language_s']:.2f} s, "
          f"close card {browser['close_card_s']:.2f} s; load average {os.getloadavg()[0]:.1f}")
    print("  CPU seconds of the browser's processes per interaction: "
          + ", ".join(f"{k} {browser[k + '_cpu']:.2f}" for k in INTERACTIONS))


def load_graph(path: Path):
    """A built graph: a data folder (built with this checkout) or an RDF file written by a build."""
    from rdflib import Graph

    if path.is_dir():
        from graph.build.assemble import build_graph
        from graph.paths import Project

        return build_graph(Project(path)).g
    return Graph().parse(path)


def measure_graph(path: Path, times: int, repeat: int) -> None:
    """The page of a built graph, then of a generated graph ``times`` its size, in one run."""
    from graph.export.html import build_html
    from graph.network.projection import project_network
    from graph.network.select import select

    g = load_graph(path)
    G = project_network(g)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "network.html"
        t_build, html = best(lambda: build_html(select(g)), repeat)
        write_text(page, html)
        report(f"{path.name}: {G.number_of_nodes()} nodes / {G.number_of_edges()} edges", t_build,
               page.stat().st_size, in_browser(page, "Jakarta"))
        if times > 1:
            n, e = G.number_of_nodes() * times, G.number_of_edges() * times
            S = synthetic(n, e)
            t_payload, payload = best(lambda: network_payload(S, coordinates=synthetic_coordinates(S)), 1)
            t_render, big = best(lambda: render_html(payload), 1)
            write_text(page, big)
            report(f"generated {times}x: {n} nodes / {e} edges", t_payload + t_render, page.stat().st_size,
                   in_browser(page, "Node 4321" if n > 4321 else "Node 1"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-baseline", action="store_true", help="skip pyvis from_nx (slow on large graphs)")
    ap.add_argument("--shipped", action="store_true", help="also measure the page of the shipped data/")
    ap.add_argument("--graph", type=Path, metavar="DIR-OR-RDF",
                    help="measure this built graph (data folder or RDF file) and one --times its size, then exit")
    ap.add_argument("--times", type=int, default=10, help="size of the generated graph, as a multiple (--graph)")
    ap.add_argument("--screenshots", type=Path, metavar="FOLDER",
                    help="with --graph: write page-first-view.png, page-map.png, page-berlin-card.png and exit")
    ap.add_argument("--screenshot", type=Path, metavar="PNG",
                    help="only take the README screenshot of the shipped data (docs/network.png) and exit")
    args = ap.parse_args()
    if args.screenshots:
        for path in screenshots(args.screenshots, load_graph(args.graph or Path("data"))):
            print(f"wrote {path}")
        return
    if args.graph:
        measure_graph(args.graph, args.times, args.repeat)
        return
    if args.screenshot:
        print(f"wrote {screenshot(args.screenshot)}")
        return

    G = synthetic(args.nodes, args.edges)
    t_layout, _ = best(lambda: layout_positions(G), args.repeat)
    t_payload, payload = best(lambda: network_payload(G), args.repeat)
    t_render, html = best(lambda: render_html(payload), args.repeat)
    extra = f" (layout {t_layout:.2f} s of payload {t_payload:.2f} s; render {t_render:.2f} s)"
    if not args.no_baseline:
        t_bulk, _ = best(lambda: fill_bulk(payload), args.repeat)
        t_base, _ = best(lambda: baseline_from_nx(G), 1)
        extra += f"; pyvis fill: from_nx {t_base:.2f} s vs bulk {t_bulk:.2f} s = {t_base / t_bulk:.0f}x"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "network.html"
        write_text(path, html)
        result = in_browser(path, "Node 4321" if args.nodes > 4321 else "Node 1")
        report(f"synthetic {args.nodes} nodes / {args.edges} edges", t_payload + t_render,
               path.stat().st_size, result, extra)
        if args.shipped:
            from graph.build.assemble import build_graph
            from graph.export.html import build_html
            from graph.network.select import select

            g = build_graph().g
            t_build, html = best(lambda: build_html(select(g)), args.repeat)
            write_text(path, html)
            report("shipped data/", t_build, path.stat().st_size, in_browser(path, "Jakarta"))


if __name__ == "__main__":
    main()
