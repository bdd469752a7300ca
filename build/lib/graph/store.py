"""Where queries get their graph: the built RDF in ``out/``, kept fresh, loaded into Oxigraph or rdflib.

``mitra query`` never answers from a stale build: :func:`check_fresh` compares the inputs (data files,
ontology, shapes, QC checks) with the stamp written beside the build outputs, and :func:`rebuild` rebuilds
every output through :mod:`graph.pipeline`, as ``mitra build`` does. The embedded engine is a
:class:`pyoxigraph.Store` (in memory, or on disk for collections larger than memory); rdflib's own store
stays available as the reference engine. This is the only module that names a store plugin or opens a
pyoxigraph store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, Literal

from . import paths
from .errors import QueryError
from .io import write_text
from .namespaces import bind_prefixes
from .pipeline import ALL_STEPS

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph

__all__ = [
    "STORES",
    "STAMP_NAME",
    "INFERENCE",
    "Freshness",
    "new_graph",
    "input_files",
    "write_stamp",
    "check_fresh",
    "rebuild",
    "ensure_fresh",
    "infer_rdfs",
    "open_oxigraph",
    "open_rdflib",
]

# rdflib store plugins by Mitra's name for them (oxrdflib registers "Oxigraph" through an entry point).
STORES: dict[str, str] = {"default": "Memory", "oxigraph": "Oxigraph"}

STAMP_NAME = "build-stamp.json"
"""File beside the build outputs that records the inputs they were built from."""

LOADED_MARKER = "mitra-loaded.json"
"""File inside an on-disk store directory that records which build (and inference) it holds."""

INFERENCE = ("rdfs",)
"""Inference regimes ``--infer`` accepts."""

_RDF_SUFFIXES = (".csv", ".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".n3")
_NEEDED_OUTPUTS = ("mitra.nq", "mitra.nt")


def new_graph(store: str = "default") -> Graph:
    """An empty rdflib graph with Mitra's prefixes on the named store (``default`` or ``oxigraph``).

    >>> len(new_graph())
    0
    """
    if store not in STORES:
        raise QueryError(f"unknown store {store!r}; known: {', '.join(sorted(STORES))}")
    return bind_prefixes(Graph(store=STORES[store]))


# --------------------------------------------------------------------------------------------------
# Freshness: the stamp written with the build, and the check that `mitra query` runs first
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Freshness:
    """Whether ``out/`` holds a build of the current inputs; ``reason`` says why not (empty when fresh)."""

    fresh: bool
    reason: str = ""


def input_files(
    inputs: Iterable[Path],
    *,
    ontology: Path = paths.ONTOLOGY,
    shapes: Path = paths.SHAPES,
    checks_dir: Path | None = paths.CHECKS_DIR,
) -> list[Path]:
    """Every file a build reads: data files (folders listed one level deep, like the loader), ontology,
    shapes and QC checks. Sorted and resolved, so two runs compare equal."""
    files: set[Path] = set()
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            files.update(f for f in p.iterdir() if f.is_file() and f.suffix in _RDF_SUFFIXES)
        else:
            files.add(p)
    files.update(Path(p) for p in (ontology, shapes))
    if checks_dir is not None and Path(checks_dir).is_dir():
        files.update(f for f in Path(checks_dir).iterdir() if f.is_file() and f.suffix == ".rq")
    return sorted(f.resolve() for f in files)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _file_record(path: Path) -> dict:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": _sha256(path)}


def write_stamp(out_dir: Path, files: Iterable[Path], *, validated: bool = True) -> Path:
    """Record the inputs of the build now in ``out_dir`` (size, mtime and SHA-256 of each file)."""
    records = {str(Path(f).resolve()): _file_record(Path(f)) for f in sorted(files)}
    target = Path(out_dir) / STAMP_NAME
    write_text(
        target,
        json.dumps({"version": 1, "validated": validated, "files": records}, indent=1, sort_keys=True) + "\n",
    )
    return target


def _short(path: str) -> str:
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return path


def check_fresh(
    inputs: Iterable[Path],
    *,
    out_dir: Path = paths.OUT_DIR,
    ontology: Path = paths.ONTOLOGY,
    shapes: Path = paths.SHAPES,
    checks_dir: Path | None = paths.CHECKS_DIR,
) -> Freshness:
    """Compare the inputs with the stamp in ``out_dir``: fresh only if every file is unchanged.

    A file whose size and mtime match is taken as unchanged; otherwise its hash decides (so ``touch``
    alone does not force a rebuild). Added or removed data files make the build stale too.
    """
    out_dir = Path(out_dir)
    for name in _NEEDED_OUTPUTS:
        if not (out_dir / name).is_file():
            return Freshness(False, f"{_short(str(out_dir / name))} does not exist")
    stamp_path = out_dir / STAMP_NAME
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        recorded: dict[str, dict] = stamp["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return Freshness(False, f"{_short(str(stamp_path))} is missing or unreadable")
    if not stamp.get("validated", False):
        return Freshness(False, "the last build was not validated")
    current = [str(f) for f in input_files(inputs, ontology=ontology, shapes=shapes, checks_dir=checks_dir)]
    for name in current:
        if name not in recorded:
            return Freshness(False, f"{_short(name)} is new since the last build")
    for name in sorted(set(recorded) - set(current)):
        return Freshness(False, f"{_short(name)} was removed since the last build")
    for name in current:
        path, rec = Path(name), recorded[name]
        try:
            st = path.stat()
        except OSError:
            return Freshness(False, f"{_short(name)} cannot be read")
        if st.st_size == rec.get("size") and st.st_mtime_ns == rec.get("mtime_ns"):
            continue
        if _sha256(path) != rec.get("sha256"):
            return Freshness(False, f"{_short(name)} changed since the last build")
    return Freshness(True)


def rebuild(
    inputs: Iterable[Path],
    *,
    out_dir: Path = paths.OUT_DIR,
    ontology: Path = paths.ONTOLOGY,
    shapes: Path = paths.SHAPES,
    checks_dir: Path | None = paths.CHECKS_DIR,
    steps: Sequence[str] = ALL_STEPS,
) -> list[Path]:
    """Validate and build ``inputs`` into ``out_dir`` as ``mitra build`` does (``steps``: every output by
    default, see :mod:`graph.pipeline`), then stamp them.

    Raises ``LoadError`` or ``ValidationFailed`` like ``mitra build``; nothing is written then.
    """
    from .pipeline import build_all

    _, written = build_all(
        [Path(p) for p in inputs], out_dir=out_dir, ontology=ontology, shapes=shapes, checks_dir=checks_dir,
        steps=steps,
    )
    return written


def ensure_fresh(
    inputs: Iterable[Path],
    *,
    out_dir: Path = paths.OUT_DIR,
    ontology: Path = paths.ONTOLOGY,
    shapes: Path = paths.SHAPES,
    checks_dir: Path | None = paths.CHECKS_DIR,
    on_rebuild: Callable[[str], None] | None = None,
    steps: Sequence[str] = ALL_STEPS,
) -> str | None:
    """Rebuild ``out_dir`` when its inputs changed, so query, serve and push never answer from a stale build.

    ``on_rebuild(reason)`` is called before the rebuild starts (the CLI says why on stderr). Returns the
    reason it rebuilt, or ``None`` when the build was fresh.
    """
    state = check_fresh(inputs, out_dir=out_dir, ontology=ontology, shapes=shapes, checks_dir=checks_dir)
    if state.fresh:
        return None
    if on_rebuild is not None:
        on_rebuild(state.reason)
    rebuild(inputs, out_dir=out_dir, ontology=ontology, shapes=shapes, checks_dir=checks_dir, steps=steps)
    return state.reason


# --------------------------------------------------------------------------------------------------
# Opening the engines' stores
# --------------------------------------------------------------------------------------------------


def infer_rdfs(g: Graph) -> Graph:
    """Add the RDFS entailments of ``g`` (owlrl), so a query for a superclass finds its subclasses' instances.

    Axiomatic and datatype triples are left out (they only add noise), and so are the triples with a
    literal subject that owlrl derives: they are not RDF 1.1 and Oxigraph cannot store them.
    """
    import owlrl

    owlrl.DeductiveClosure(owlrl.RDFS_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(g)
    for t in [t for t in g if isinstance(t[0], Literal)]:
        g.remove(t)
    return g


def _check_infer(infer: str | None) -> None:
    if infer is not None and infer not in INFERENCE:
        raise QueryError(f"unknown inference {infer!r}; known: {', '.join(INFERENCE)}")


def open_rdflib(nt: Path, *, infer: str | None = None) -> Graph:
    """Parse the built N-Triples into rdflib's memory store with rdflib's own parser (style.md G9)."""
    _check_infer(infer)
    g = new_graph("default")
    try:
        g.parse(str(nt), format="nt")
    except Exception as exc:  # rdflib has several parse error types
        raise QueryError(f"{nt}: cannot be read: {exc}") from None
    return infer_rdfs(g) if infer == "rdfs" else g


def _marker_for(nq: Path, infer: str | None) -> dict:
    st = Path(nq).stat()
    return {"source": str(Path(nq).resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns, "infer": infer}


def open_oxigraph(nq: Path, *, store_dir: Path | None = None, infer: str | None = None) -> pyoxigraph.Store:
    """Load the built N-Quads into a pyoxigraph store: in memory, or on disk in ``store_dir``.

    An on-disk store is reloaded only when the build (or the inference asked for) changed since it was
    filled, so a large collection is parsed once. Queries see the ontology and data named graphs as one
    default graph (``use_default_graph_as_union``).
    """
    import pyoxigraph as ox

    _check_infer(infer)
    nq = Path(nq)
    if not nq.is_file():
        raise QueryError(f"{nq} does not exist; run `mitra build` first")
    try:
        if store_dir is None:
            store = ox.Store()
        else:
            store_dir = Path(store_dir)
            store_dir.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(store_dir))
            marker = store_dir / LOADED_MARKER
            wanted = _marker_for(nq, infer)
            try:
                if json.loads(marker.read_text(encoding="utf-8")) == wanted:
                    return store
            except (OSError, ValueError):
                pass
            marker.unlink(missing_ok=True)
            store.clear()
        if infer == "rdfs":
            g = infer_rdfs(open_rdflib(nq.with_suffix(".nt")))
            data = g.serialize(format="nt", encoding="utf-8")
            store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
        elif store_dir is None:
            store.load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        else:
            store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        if store_dir is not None:
            store.flush()
            write_text(store_dir / LOADED_MARKER, json.dumps(_marker_for(nq, infer), sort_keys=True) + "\n")
    except (OSError, SyntaxError) as exc:
        where = f"store {store_dir}" if store_dir is not None else str(nq)
        raise QueryError(f"{where}: {exc}") from None
    return store
