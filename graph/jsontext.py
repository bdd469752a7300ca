"""Indented JSON text, the bytes ``json.dumps(indent=…)`` writes, at the C encoder's speed: written once.

``json.dumps`` with ``indent`` set runs its pure-Python encoder: at 10× the shipped data that cost 15 s of the
build's JSON-LD and 6 s of ``network.json`` (issue #15). Both files are indented for a person to read and diff,
so both need the same text faster; this module is the one writer they share.
"""

from __future__ import annotations

import json

__all__ = ["indented_json"]

_SCALARS = (str, int, float, bool, type(None))


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
