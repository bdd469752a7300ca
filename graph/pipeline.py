"""``mitra build`` end to end, and the rebuild every other command asks for: the only wiring between stages.

``mitra build`` and the rebuild that ``mitra query``, ``serve`` and ``push`` run when the data changed write
the same files through :data:`STEPS`, so a planner's ``out/network.html`` and ``out/exports/`` are never
older than the graph the queries answer from. The stamp is written last: it certifies a complete build.
Each step imports its stage only when it runs (exports and HTML pull in NetworkX and pyvis).

Below the build, one entry point per command that needs more than one stage (:func:`export_selection`,
:func:`network_stats`, :func:`answer_query`…): ``cli.py`` calls one of them and prints what it returns.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .build.assemble import Built, build_graph, load_graph, summarize, validation_of, with_validation
from .build.stamp import STAMP_NAME, check_fresh, input_files, recorded_outputs, write_stamp
from .io import swap_directory
from .paths import DEFAULT_PROJECT, Project

if TYPE_CHECKING:  # the stages a command needs load when it runs (NetworkX, pyvis, pyoxigraph are heavy)
    from .build.validate import ValidationResult
    from .export.whole import WholeNetwork
    from .network.select import Selection, Selector
    from .serve.server import ServeOptions
    from .sparql.coverage import Coverage
    from .sparql.push import PushResult
    from .sparql.query import Answer
    from .sparql.remote import Login

__all__ = ["STEPS", "ALL_STEPS", "BuildResult", "build_network", "write_build", "parallel_plan", "PARALLEL_FROM",
           "PARALLEL_UP_TO", "build_all", "rebuild", "ensure_fresh",
           "select_network", "Exported", "export_selection", "network_stats", "explain_connection",
           "write_network_page", "answer_query", "CoverageReport", "report_coverage", "serve_build", "push_build"]


def _rdf_step(built: Built, out_dir: Path, network: Callable[[], WholeNetwork] | None = None) -> list[Path]:
    """mitra.ttl, .nt, .nq, .trig, .jsonld, summary.json."""
    from .build.outputs import write_outputs

    return write_outputs(built, out_dir)


def build_network(built: Built) -> WholeNetwork:
    """The build's network, for both the exports and the page: the one place it is projected. Each language
    is projected once per build, on first use (Indonesian by the exports, English by the page), and the network
    is laid out once (#15)."""
    from .export.whole import whole_network

    return whole_network(built.g)


def _shared_network(built: Built, network: Callable[[], WholeNetwork] | None) -> WholeNetwork:
    return network() if network is not None else build_network(built)


def _exports_step(built: Built, out_dir: Path, network: Callable[[], WholeNetwork] | None = None) -> list[Path]:
    """exports/network.{graphml,gexf,json,csv} and the Markdown report exports/jakarta.md."""
    from .export.formats import build_exports

    return build_exports(_shared_network(built, network), out_dir)


def _html_step(built: Built, out_dir: Path, network: Callable[[], WholeNetwork] | None = None) -> list[Path]:
    """network.html."""
    from .export.html import build_network_html

    return build_network_html(_shared_network(built, network), out_dir)


Step = Callable[[Built, Path, Callable[[], "WholeNetwork"] | None], list[Path]]

STEPS: dict[str, Step] = {
    "rdf": _rdf_step,
    "exports": _exports_step,
    "html": _html_step,
}
"""Output steps in the order they run: name -> ``function(built, out_dir, network) -> list[Path]``, where
``network()`` gives the build's :class:`~graph.export.whole.WholeNetwork`, made on first use and shared by
the steps (``None``: the step makes its own)."""

ALL_STEPS: tuple[str, ...] = tuple(STEPS)


def write_build(built: Built, project: Project, *, steps: Sequence[str] = ALL_STEPS,
                parallel: bool | None = None) -> list[Path]:
    """Write ``steps`` of ``built`` into ``project.out_dir``, then the stamp of the files it was built from
    (its data files, and the ontology, shapes and checks of ``project``).

    ``parallel``: run the steps on two cores (forked workers, see :func:`_forked_steps`), one after another
    (False), or by the graph's size (None, :func:`parallel_plan`). The files are the same bytes either way.

    ``steps`` must include ``rdf`` (the stamp vouches for the RDF outputs the queries load). Each output is
    written atomically; a failing step raises before the stamp is written, so the next query rebuilds.
    """
    return _write_build(built, project, steps=steps, parallel=parallel)[1]


Validation = Callable[[], "ValidationResult"]
"""The validation a build still owes (:func:`graph.build.assemble.validation_of` the loaded graph): it returns
the :class:`~graph.build.validate.ValidationResult`, conforming or not."""


def _write_build(built: Built, project: Project, *, steps: Sequence[str], parallel: bool | None,
                 validation: Validation | None = None) -> tuple[Built, list[Path]]:
    """:func:`write_build`, with the ``validation`` still to run (``None``: ``built`` is final): on the two-core
    plan it runs beside the outputs, which go to a staging folder that only a conforming graph swaps in
    (:func:`_overlapped_steps`); otherwise first, before anything is written, as it always did. Returns the
    :class:`Built` that was stamped (validated) and the files written."""
    out_dir = project.out_dir
    parallel = parallel_plan(len(built.g)) if parallel is None else parallel
    files = input_files(replace(project, inputs=tuple(Path(f) for f in built.data.files)))
    swappable = _swappable(out_dir, files)
    # Beside the outputs only where a failure leaves no trace: into a staging folder, in a folder that exists
    # (a non-conforming graph must not even create out/'s parents, as when validation ran first).
    if validation is not None and not (parallel and swappable and out_dir.parent.is_dir()):
        built, validation = with_validation(built, validation()), None
    unknown = [s for s in steps if s not in STEPS]
    if unknown or "rdf" not in steps:
        raise ValueError(f"steps must include 'rdf' and come from {', '.join(STEPS)}; got {list(steps)}")
    if not swappable:
        return built, _write_steps(built, out_dir, steps, files, parallel=parallel)[1]
    # Build into a staging folder beside out_dir and swap it in whole: a kill at any moment leaves out_dir
    # the old build or the new one, never new RDF beside an old page and stamp (#16).
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _clear_stale_staging(out_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-{os.getpid()}-", dir=out_dir.parent))
    try:
        built, written = _write_steps(built, staging, steps, files, keep_from=out_dir, parallel=parallel,
                                      validation=validation)
        swap_directory(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return built, [out_dir / p.relative_to(staging) for p in written]


def _clear_stale_staging(out_dir: Path) -> None:
    """Remove the staging folders of builds that were killed (their process is gone)."""
    for p in out_dir.parent.glob(f".{out_dir.name}.staging-*-*"):
        try:
            pid = int(p.name.rsplit(".staging-", 1)[1].split("-", 1)[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(p, ignore_errors=True)
        except (ValueError, PermissionError, IndexError):
            continue


def _swappable(out_dir: Path, inputs: list[Path]) -> bool:
    """A folder may be swapped unless it holds an input or the working directory (then it is written in place)."""
    target = out_dir.resolve()
    inside = [Path.cwd().resolve(), *inputs]
    return not any(p == target or target in p.parents for p in inside)


def _carry_over(old: Path, new: Path, made: set[str]) -> None:
    """Hard-link (else copy) into ``new`` the files of ``old`` that are not outputs of a build: a planner's
    own files in out/ survive the swap, while the old build's outputs never sit beside the new ones."""
    if not old.is_dir():
        return
    for f in sorted(p for p in old.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = f.relative_to(old)
        if rel.as_posix() in made or rel.as_posix() == STAMP_NAME or (new / rel).exists():
            continue
        (new / rel).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(f, new / rel)
        except OSError:
            shutil.copy2(f, new / rel)


def _write_steps(built: Built, out_dir: Path, steps: Sequence[str], files: list[Path], *,
                 keep_from: Path | None = None, parallel: bool = False,
                 validation: Validation | None = None) -> tuple[Built, list[Path]]:
    if validation is not None:  # only on the two-core plan (_write_build)
        built, written = _overlapped_steps(built, Path(out_dir), steps, validation)
    elif parallel:
        network = functools.cache(lambda: build_network(built))  # made by the first step that needs it, then shared
        written = _forked_steps(built, Path(out_dir), steps, network)
    else:
        written = _steps_in_order(built, Path(out_dir), steps)
    if keep_from is not None:
        _carry_over(keep_from, out_dir, recorded_outputs(keep_from))
    written.append(write_stamp(out_dir, files, validated=built.validation is not None, outputs=written))
    return built, written


def _steps_in_order(built: Built, out_dir: Path, steps: Sequence[str]) -> list[Path]:
    """The ``steps`` one after another in :data:`STEPS` order, sharing one network (made by the first step that
    needs it): the sequential plan, and the network worker of :func:`_overlapped_steps`."""
    network = functools.cache(lambda: build_network(built))
    written: list[Path] = []
    for name, step in STEPS.items():
        if name in steps:
            written += step(built, out_dir, network)
    return written


def _network_worker(built: Built, out_dir: Path, steps: Sequence[str]) -> list[Path]:
    """:func:`_steps_in_order` in the forked network worker of :func:`_overlapped_steps`, with the cyclic garbage
    collector off: the worker makes few cycles and ends with its steps, while each collection after a block
    that paused it (projection, exports, page) walked everything the block left (42 collections, about 0.13
    CPU s at 30x the shipped data, on the worker's half of the two-core build, #15)."""
    import gc

    gc.disable()
    return _steps_in_order(built, out_dir, steps)


PARALLEL_FROM = 100_000
"""Triples from which :func:`write_build` runs its steps on two cores (:func:`_forked_steps`). The shipped
data (19k triples) stays below it: its build takes 2-3 s, so it keeps its sequential path unchanged, and so do
the tests that kill a build at each of its file-system steps."""

PARALLEL_UP_TO = 1_000_000
"""Triples up to which the steps run on two cores. Above it the RDF worker's copy-on-write copy of the graph
(its pages are written as the serializers touch the terms' reference counts) takes the build past 1.5 GB:
2,266 MB summed PSS at 100x, against 750 MB at 30x. So a graph that big is written one step after another
(#15; see docs/benchmarks.md, session 23, branch par)."""


def parallel_plan(triples: int) -> bool:
    """Whether a build of ``triples`` triples runs its steps on two cores: between :data:`PARALLEL_FROM` and
    :data:`PARALLEL_UP_TO`, on a machine with more than one core that can fork."""
    return (PARALLEL_FROM <= triples <= PARALLEL_UP_TO and hasattr(os, "fork")
            and len(os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)) > 1)


def _forked_steps(built: Built, out_dir: Path, steps: Sequence[str],
                  network: Callable[[], WholeNetwork]) -> list[Path]:
    """The steps on two cores: the RDF outputs in a forked worker from the start; the network projected and
    laid out here, then the exports in a second worker while this process writes the page (#15).

    The files and their order are those of the sequential run. So is the error: the steps' results are
    collected in :data:`STEPS` order, so when several fail, the first step's exception is raised, as it would
    have been alone; a worker killed raises :class:`~graph.io.WorkerDiedError`. Every worker is killed and reaped
    before this returns or raises.
    """
    import gc

    from .io import fork_call

    workers: dict = {}
    here: dict[str, list[Path] | BaseException] = {}
    try:
        if "rdf" in steps:
            workers["rdf"] = fork_call(STEPS["rdf"], built, out_dir, None, name="rdf")
        rest = [name for name in STEPS if name != "rdf" and name in steps]
        if rest:
            _ = network().positions  # projected and laid out once, then shared with the worker copy-on-write
        for name in rest[:-1]:
            workers[name] = fork_call(STEPS[name], built, out_dir, network, name=name)
        for name in rest[-1:]:
            try:
                here[name] = STEPS[name](built, out_dir, network)
            except Exception as exc:  # noqa: BLE001 - raised below, once the steps before it are known to be fine
                here[name] = exc
        written: list[Path] = []
        for name in STEPS:
            if name in workers:
                written += workers[name].result()
            elif isinstance(here.get(name), BaseException):
                raise here[name]
            elif name in here:
                written += here[name]
        return written
    finally:
        for worker in workers.values():
            worker.cancel()
        gc.unfreeze()


def _overlapped_steps(built: Built, out_dir: Path, steps: Sequence[str],
                      validation: Validation) -> tuple[Built, list[Path]]:
    """The build's validation and its outputs at once, on two cores (#15): once the graph is loaded, a forked
    worker projects the network, writes the exports and the page, while this process validates the graph (SHACL,
    then the QC checks) and then writes the RDF outputs. Measured at 30x the shipped data, the two halves take
    about the same CPU time (validation + checks + RDF against projection + exports + page).

    The outputs go to the staging folder only :func:`_write_build` swaps in, so a non-conforming graph leaves
    ``out/`` as it was: ``ValidationFailed`` is raised as soon as validation ends, whatever the worker is doing
    (its own error, even its death, is then never seen: validation's error wins, as when it ran first). After
    that the errors come in :data:`STEPS` order, as one step after another: the RDF step's (here), then the
    worker's (exports before page; :class:`~graph.io.WorkerDiedError` if it was killed). The worker is killed
    and reaped before this returns or raises.
    """
    import gc

    from .io import fork_call

    rest = [name for name in STEPS if name != "rdf" and name in steps]
    worker = fork_call(_network_worker, built, out_dir, rest, name="network") if rest else None
    try:
        built = with_validation(built, validation())
        written = STEPS["rdf"](built, out_dir, None)
        if worker is not None:
            written += worker.result()
        return built, written
    finally:
        if worker is not None:
            worker.cancel()
        gc.unfreeze()


class BuildResult(NamedTuple):
    """What :func:`build_all` made: the built graph and the files written (unpacks as ``built, written``)."""

    built: Built
    written: list[Path]

    @property
    def summary(self) -> dict:
        """The counts ``mitra build`` prints (see :func:`graph.build.assemble.summarize`)."""
        return summarize(self.built)


def build_all(project: Project = DEFAULT_PROJECT, *, validate: bool = True,
              steps: Sequence[str] = ALL_STEPS, parallel: bool | None = None) -> BuildResult:
    """Load, validate and build the inputs of ``project``, then write its ``out_dir`` (what ``mitra build`` does;
    ``parallel`` as for :func:`write_build`).

    Raises ``LoadError`` (before anything is forked or written) or ``ValidationFailed`` (with nothing written:
    on the two-core plan validation runs beside the outputs, into a staging folder then removed).
    """
    loaded = load_graph(project)
    validation = functools.partial(validation_of, loaded, project) if validate else None
    built, written = _write_build(loaded, project, steps=steps, parallel=parallel, validation=validation)
    return BuildResult(built, written)


def rebuild(project: Project, *, steps: Sequence[str] = ALL_STEPS) -> list[Path]:
    """Validate and build the inputs of ``project`` into its ``out_dir`` as ``mitra build`` does (``steps``:
    every output by default, see :data:`STEPS`), then stamp them.

    Raises ``LoadError`` or ``ValidationFailed`` like ``mitra build``; nothing is written then.
    """

    _, written = build_all(project, steps=steps)
    return written


def ensure_fresh(
    project: Project,
    *,
    on_rebuild: Callable[[str], None] | None = None,
    steps: Sequence[str] = ALL_STEPS,
) -> str | None:
    """Rebuild ``project.out_dir`` when its inputs changed, so query, serve and push never answer from a stale build.

    ``on_rebuild(reason)`` is called before the rebuild starts (the CLI says why on stderr). Returns the
    reason it rebuilt, or ``None`` when the build was fresh.
    """
    state = check_fresh(project)
    if state.fresh:
        return None
    if on_rebuild is not None:
        on_rebuild(state.reason)
    rebuild(project, steps=steps)
    return state.reason




# --- one entry point per command ------------------------------------------------------------------------------
# ``cli.py`` parses options, calls one of these (or one public function of a stage) and prints what it returns.
# They wire the stages for one command each; the stages themselves never import each other upward.


def select_network(project: Project = DEFAULT_PROJECT, selector: Selector | None = None, *,
                   query_file: Path | None = None, lang: str = "id", validate: bool = True) -> Selection:
    """Build ``project`` and select from its network: the one :class:`Selection` that export, html, stats and
    path each take as it is. ``query_file`` (a ``.rq``) is read into ``selector.query`` first, so a missing
    file is reported before the build runs."""
    from .network.select import Selector, load_query, select

    selector = selector if selector is not None else Selector()
    if query_file is not None:
        selector = replace(selector, query=load_query(query_file))
    return select(build_graph(project, validate=validate).g, selector, lang=lang)


@dataclass(frozen=True)
class Exported:
    """What :func:`export_selection` made: the rendered files (suffix → bytes), those written, and the size of
    the selection."""

    files: dict[str, bytes]
    written: tuple[Path, ...]
    nodes: int
    edges: int


def export_selection(project: Project, selector: Selector | None, fmt: str, *, output: Path | None = None,
                     query_file: Path | None = None, lang: str = "id", collapse: bool = False, seed: int = 42,
                     validate: bool = True) -> Exported:
    """``mitra export``: select, render in ``fmt`` and write the files to ``output`` (nothing written if
    ``output`` is ``None``: the caller prints ``files``)."""
    from .export.formats import export_files, write_export

    selection = select_network(project, selector, query_file=query_file, lang=lang, validate=validate)
    files = export_files(selection, fmt, collapse=collapse, seed=seed)
    written = tuple(write_export(files, output)) if output is not None else ()
    return Exported(files, written, selection.G.number_of_nodes(), selection.G.number_of_edges())


def network_stats(project: Project, selector: Selector | None = None, *, query_file: Path | None = None,
                  metrics: Sequence[str] = (), fmt: str = "table", lang: str = "id", seed: int = 42,
                  validate: bool = True) -> str:
    """``mitra stats``: the ``metrics`` (all by default) of the selection, rendered in ``fmt``."""
    from .network.analytics import compute_stats, format_stats

    selection = select_network(project, selector, query_file=query_file, lang=lang, validate=validate)
    return format_stats(compute_stats(selection.G, metrics=tuple(metrics), seed=seed), fmt, lang=lang)


def explain_connection(project: Project, a: str, b: str, *, limit: int = 3, fmt: str = "text", lang: str = "id",
                       validate: bool = True) -> str:
    """``mitra path``: the ``limit`` shortest connections between ``a`` and ``b`` in the whole network, each
    step in words; ``SelectionError`` if a name is unknown or nothing joins them."""
    from .network.paths import explain_paths, format_paths

    selection = select_network(project, lang=lang, validate=validate)
    return format_paths(explain_paths(selection.G, a, b, limit=limit), fmt=fmt)


def write_network_page(project: Project, output: Path, selector: Selector | None = None, *,
                       query_file: Path | None = None, lang: str = "id", size_by: str = "degree", seed: int = 42,
                       validate: bool = True) -> Path:
    """``mitra html``: the page of the selection, written to ``output``. The selection is made in Indonesian;
    the page carries both languages and opens in ``lang``."""
    from .export.html import write_html

    selection = select_network(project, selector, query_file=query_file, lang="id", validate=validate)
    return write_html(selection, output, lang=lang, size_by=size_by, seed=seed)


def answer_query(
    project: Project,
    *,
    ref: str | None = None,
    text: str | None = None,
    text_origin: str = "query",
    output: Path | None = None,
    params: dict[str, str] | None = None,
    limit: int | None = None,
    fmt: str = "table",
    lang: str = "id",
    engine: str = "oxigraph",
    store_dir: Path | None = None,
    infer: str | None = None,
    endpoint: str | None = None,
    login: Login | None = None,
    allow_service: bool = False,
    on_rebuild: Callable[[str], None] | None = None,
    timeout: float | None = None,
) -> Answer:
    """``mitra query``: the named query or ``.rq`` file ``ref`` (or the SPARQL ``text``, reported as
    ``text_origin``) on the build of ``project``, rebuilt first if stale (not for a remote ``endpoint``), and
    written to ``output`` when given. See :func:`graph.sparql.query.ask` for the rest.

    ``timeout``: seconds the query (with its rendering) may run; past them it is stopped and ``QueryError``
    raised, nothing written. pyoxigraph cannot cancel a running query, so it runs in a forked worker that is
    killed (as the endpoint's workers are, ``graph.serve.workers``); the rebuild, if any, is not counted.
    """
    from .io import write_text
    from .sparql import query as q

    target, origin = (text, text_origin) if text is not None else q.resolve_query(str(ref))
    if not endpoint:
        ensure_fresh(project, on_rebuild=on_rebuild)
    run = functools.partial(q.ask, target, origin=origin, params=params, limit=limit, fmt=fmt, lang=lang,
                            engine=engine, out_dir=project.out_dir, store_dir=store_dir, infer=infer,
                            endpoint=endpoint, login=login, allow_service=allow_service)
    answer = run() if timeout is None else _within(run, timeout)
    if output is not None:
        write_text(output, answer.text)
    return answer


def _within(run: Callable[[], Answer], timeout: float) -> Answer:
    """``run()`` in a forked worker, stopped after ``timeout`` seconds (:func:`answer_query`)."""
    import gc

    from .errors import QueryError
    from .io import fork_call

    if not hasattr(os, "fork"):
        raise QueryError("a query timeout needs a system that can fork (Linux, macOS)")
    try:
        return fork_call(run, name="query").result(timeout)
    except TimeoutError:
        raise QueryError(f"the query ran longer than {timeout:g} s and was stopped; nothing was written "
                         "(a larger --timeout, a --limit or a narrower pattern may help)") from None
    finally:
        gc.unfreeze()


@dataclass(frozen=True)
class CoverageReport:
    """What :func:`report_coverage` found (``coverage``) and its rows rendered as ``text``."""

    coverage: Coverage
    text: str


def report_coverage(project: Project, *, level: str = "province", lang: str = "id",
                    params: dict[str, str] | None = None, fmt: str = "table",
                    on_rebuild: Callable[[str], None] | None = None) -> CoverageReport:
    """``mitra coverage``: what is recorded per region of ``level``, on the build of ``project`` (rebuilt
    first if stale), rendered in ``fmt`` (labels in table and md)."""
    from .sparql import query as q
    from .sparql.coverage import coverage
    from .sparql.results import render

    ensure_fresh(project, on_rebuild=on_rebuild)
    found = coverage(q.open_engine("oxigraph", out_dir=project.out_dir), level=level, lang=lang, params=params)
    return CoverageReport(found, render(found.result, fmt, found.labels if fmt in ("table", "md") else None))


def serve_build(project: Project, options: ServeOptions, *, log: Callable[[str], None] | None = None,
                on_rebuild: Callable[[str], None] | None = None,
                on_listening: Callable[[str, int], None] | None = None) -> None:
    """``mitra serve``: the build of ``project`` (rebuilt first if stale) as a read-only SPARQL endpoint, until
    interrupted. ``on_listening(host, port)`` is called once the socket is bound (port 0 picks a free one)."""
    from .serve.server import make_server, read_dataset, run_server

    ensure_fresh(project, on_rebuild=on_rebuild)
    server = make_server(read_dataset(project.out_dir), options, log=log)
    if on_listening is not None:
        on_listening(*server.server_address[:2])
    run_server(server)


def push_build(project: Project, *, endpoint: str, protocol: str | None = None, graph: str | None = None,
               user: str | None = None, password: str | None = None, auth: str = "basic", timeout: float = 120.0,
               on_rebuild: Callable[[str], None] | None = None) -> PushResult:
    """``mitra push``: the build of ``project`` (rebuilt first if stale) into a remote store; see
    :func:`graph.sparql.push.push_graph`."""
    from .serve.server import read_dataset
    from .sparql.push import DEFAULT_PROTOCOL, push_graph

    ensure_fresh(project, on_rebuild=on_rebuild)
    return push_graph(read_dataset(project.out_dir), endpoint=endpoint, protocol=protocol or DEFAULT_PROTOCOL,
                      graph=graph,
                      user=user, password=password, auth=auth, timeout=timeout)
