"""Indented JSON text, the bytes ``json.dumps(indent=…)`` writes, at the C encoder's speed: written once.

``json.dumps`` with ``indent`` set runs its pure-Python encoder: at 10× the shipped data that cost 15 s of the
build's JSON-LD and 6 s of ``network.json`` (issue #15). Both files are indented for a person to read and diff,
so both need the same text faster; this module is the one writer they share.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

__all__ = ["indented_json", "indented_items"]

_SCALARS = (str, int, float, bool, type(None))
_FLAT_TYPES = frozenset(_SCALARS)


class _NotPlainError(Exception):
    """A key ``json`` would convert (not a string): leave the whole value to ``json.dumps``."""


def indented_json(value: object, indent: int = 1, *, sort_keys: bool = False, level: int = 0) -> str:
    """``json.dumps(value, indent=indent, ensure_ascii=False, sort_keys=sort_keys)``, the same text.

    ``level`` writes the value as it would sit that many levels deep in a larger document (its inner lines
    indented further, its first line not), so a large document can be written one part at a time.

    The structure is walked once and every key and scalar goes through one C ``json.dumps`` of a flat list,
    separated by newlines: an encoded JSON scalar never holds a raw newline, so splitting on them gives each
    back. A key ``json`` would convert (not a string) hands the whole value to ``json.dumps``.

    >>> v = {"b": [1, 2.5, True, None], "a": {}, "c": [], "d": "é\\n"}
    >>> indented_json(v) == json.dumps(v, indent=1, ensure_ascii=False)
    True
    >>> indented_json(v, 2, sort_keys=True) == json.dumps(v, indent=2, ensure_ascii=False, sort_keys=True)
    True
    >>> print(indented_json({"a": [1]}, 2, level=1))
    {
        "a": [
          1
        ]
      }
    """
    parts: list[str | None] = []
    leaves: list[object] = []
    try:
        _walk(value, indent, 0, parts, leaves, sort_keys)
    except _NotPlainError:
        text = json.dumps(value, indent=indent, ensure_ascii=False, sort_keys=sort_keys)
    else:
        encoded = iter(json.dumps(leaves, ensure_ascii=False, separators=("\n", ""))[1:-1].split("\n"))
        text = "".join(p if p is not None else next(encoded) for p in parts)
    # JSON text holds raw newlines only between its tokens, so shifting every line is shifting the structure.
    return text.replace("\n", "\n" + " " * (indent * level)) if level else text


def _walk(value: object, indent: int, level: int, parts: list[str | None], leaves: list[object],
          sort_keys: bool) -> None:
    if isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        if any(type(k) is not str for k in value):
            raise _NotPlainError
        inner = "\n" + " " * (indent * (level + 1))
        parts.append("{" + inner)
        items = sorted(value.items()) if sort_keys else value.items()
        for i, (k, v) in enumerate(items):
            if i:
                parts.append("," + inner)
            parts.append(None)
            leaves.append(k)
            parts.append(": ")
            if isinstance(v, _SCALARS):
                parts.append(None)
                leaves.append(v)
            else:
                _walk(v, indent, level + 1, parts, leaves, sort_keys)
        parts.append("\n" + " " * (indent * level) + "}")
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = "\n" + " " * (indent * (level + 1))
        parts.append("[" + inner)
        for i, v in enumerate(value):
            if i:
                parts.append("," + inner)
            if isinstance(v, _SCALARS):
                parts.append(None)
                leaves.append(v)
            else:
                _walk(v, indent, level + 1, parts, leaves, sort_keys)
        parts.append("\n" + " " * (indent * level) + "]")
    else:
        parts.append(None)
        leaves.append(value)


def indented_items(items: Iterable[object], indent: int = 1, *, level: int = 0, batch: int = 2000) -> Iterator[str]:
    """``indented_json(item, indent, level=level)`` for each of ``items``, in order: the same texts, cheaper.

    A flat dict (string keys, scalar values, not empty) is what a network's nodes and edges are; a batch of
    them is written by one C ``json.dumps`` without ``indent`` whose item separator is the comma and the line
    break of the indented text. A raw newline never sits inside an encoded JSON string, so ``}`` + separator +
    ``{`` only ever stands between two dicts of the batch, and splitting there gives each dict's text. Per
    item, ``indented_json`` walked the dict and made a list of its pieces: at 30x the shipped data that was
    most of ``network.json``'s time (#15). Anything else goes to :func:`indented_json`, one item at a time.

    >>> items = [{"a": 1, "b": "x"}, {"c": [1]}, {}, {"d": None}]
    >>> list(indented_items(items, 1, level=2)) == [indented_json(i, 1, level=2) for i in items]
    True
    """
    inner = "\n" + " " * (indent * (level + 1))
    close = "\n" + " " * (indent * level) + "}"
    between = "}," + inner + "{"
    run: list[dict] = []

    def flush() -> Iterator[str]:
        text = json.dumps(run, ensure_ascii=False, separators=("," + inner, ": "))
        for body in text[2:-2].split(between):
            yield "{" + inner + body + close
        run.clear()

    for item in items:
        if (type(item) is dict and item and all(type(k) is str for k in item)
                and _FLAT_TYPES.issuperset(map(type, item.values()))):
            run.append(item)
            if len(run) >= batch:
                yield from flush()
            continue
        if run:
            yield from flush()
        yield indented_json(item, indent, level=level)
    if run:
        yield from flush()
