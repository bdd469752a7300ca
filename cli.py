"""The ``mitra`` command line: parse options, make one ``graph.*`` call, render the result.

Exit codes: 0 success, 1 data does not conform, 2 usage error (click), 3 input could not be loaded or a
query/export failed. Heavy libraries are imported inside the commands that need them, so ``--help`` is fast.
"""

from __future__ import annotations

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


def _inputs(data: tuple[Path, ...]) -> list[Path]:
    return list(data) or [paths.DATA_DIR]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mitra-kg")
def cli() -> None:
    """Mitra: the international cooperation of Indonesia's regional governments as a sourced RDF graph."""


@cli.command()
@data_option
@ontology_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=paths.OUT_DIR,
              help="Output folder (default: out/).")
@click.option("--no-validate", is_flag=True, help="Write even a non-conforming graph (prints a warning).")
def build(data: tuple[Path, ...], ontology: Path, shapes: Path, out_dir: Path, no_validate: bool) -> None:
    """Validate data/ and write the whole graph to out/ (Turtle, N-Triples, N-Quads, TriG, JSON-LD)."""
    from graph.build import build_graph, summarize, write_outputs

    if no_validate:
        click.echo("warning: --no-validate: the graph is written without SHACL validation", err=True)
    with mitra_errors():
        built = build_graph(_inputs(data), ontology=ontology, shapes=shapes, validate=not no_validate)
        written = write_outputs(built, out_dir)
        for extra in BUILD_EXTRAS:
            written.extend(extra(built, out_dir))
    summary = summarize(built)
    click.echo(f"{summary['triples']} triples ({summary['data_triples']} data, {summary['ontology_triples']} "
               f"ontology), {summary['entities']} entities, {summary['sources']} sources, "
               f"from {summary['files']} files")
    for cls, n in summary["entities_per_class"].items():
        click.echo(f"  {cls:<28} {n:>5}")
    for path in written:
        click.echo(f"wrote {path}")


# Further outputs of `mitra build` (HTML, exports), each a function (built, out_dir) -> list[Path].
BUILD_EXTRAS: list = []


@cli.command()
@data_option
@ontology_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Report format.")
def validate(data: tuple[Path, ...], ontology: Path, shapes: Path, fmt: str) -> None:
    """Check data/ against the SHACL shapes and QC queries; print file:row: field: message lines."""
    from graph.build import build_graph

    with mitra_errors():
        try:
            built = build_graph(_inputs(data), ontology=ontology, shapes=shapes)
        except ValidationFailed as exc:
            if fmt == "json":
                click.echo(json.dumps([v.__dict__ for v in exc.result.violations], indent=2, ensure_ascii=False))
            raise
    warnings = built.validation.violations if built.validation else ()
    if fmt == "json":
        click.echo(json.dumps([v.__dict__ for v in warnings], indent=2, ensure_ascii=False))
        return
    for v in warnings:
        click.echo(str(v))
    click.echo(f"conforms: {len(built.data.g)} data triples from {len(built.data.files)} files", err=True)


def main() -> None:  # pragma: no cover - console entry for `python cli.py`
    cli(prog_name="mitra")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
