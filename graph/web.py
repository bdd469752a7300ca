"""Text that goes into a web page: JSON (or any text) made safe inside a ``<script>`` block, written once.

Both pages Mitra writes (the network page of ``mitra html`` and the query page of ``mitra serve``) hand data
to their scripts as JSON inside ``<script type="application/json">``; a label holding ``</script>`` must not
end that block, whatever page it is on.
"""

from __future__ import annotations

import json
import re

import orjson

__all__ = ["script_text", "script_json", "plain_script_json", "checked_script_json"]

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def script_text(text: str) -> str:
    """JSON text with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, so it cannot end a ``<script>`` block.

    The escapes are JSON escapes, so ``JSON.parse`` reads the same value back.

    >>> script_text('{"a": "</script>"}')
    '{"a": "\\\\u003c/script\\\\u003e"}'
    """
    if not any(c in text for c in _SCRIPT_ESCAPES):  # most texts: five C scans, no regex (#15: the page's batches)
        return text
    return _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text)


def script_json(value: object) -> str:
    """``value`` as compact JSON that is safe inside a ``<script>`` block (see :func:`script_text`).

    >>> script_json({"label": "</script><img src=x onerror=alert(1)>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    return script_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


# orjson writes what json writes for the values plain_script_json takes, but not for all: NaN becomes null (json
# raises) and 1e-05 becomes 0.00001; these options send the types json refuses that orjson would write (dataclasses,
# dates, subclasses) to json, whose error is then raised
_ORJSON = orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def plain_script_json(value: object) -> str:
    """:func:`script_json` of a value without cycles whose every float is finite and zero or at least 1e-4 in
    size, written by orjson in about a quarter of the time (the network page's nodes and edges, #15). What orjson
    cannot write (an integer past 64 bits, a key that is not text, a lone surrogate) is left to json, text or
    error. Whether the floats are such is the caller's to know: checking them here would cost what orjson saves.

    >>> plain_script_json({"a": ["</script>", 1.5, None, True, 2**70], "\u2028": 0.0001})
    '{"a":["\\\\u003c/script\\\\u003e",1.5,null,true,1180591620717411303424],"\\\\u2028":0.0001}'
    """
    try:
        return script_text(orjson.dumps(value, option=_ORJSON).decode())
    except orjson.JSONEncodeError:
        return _json_text(value)


def _json_text(value: object) -> str:
    return script_text(json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                                  check_circular=False))


# What orjson writes otherwise than json, seen in its text: NaN and infinities as null (json raises), and a float
# under 1e-4 in size as 0.0000… (from 1e-5) or with a one-digit exponent (json: 1e-05, orjson: 1e-5)
# (the exponent's digit before it left unread: a pattern led by a literal is searched for that literal, ten times
# as fast as one led by a class; an "e-1" in a text is then taken for an exponent, and its batch written by json)
_SHORT_EXPONENT = re.compile(r"e-\d(?!\d)")


def _differs(text: str) -> bool:
    return "null" in text or "0.0000" in text or _SHORT_EXPONENT.search(text) is not None


def checked_script_json(value: object) -> str:
    """:func:`script_json` of a value without cycles, written by orjson unless its text holds what orjson may write
    otherwise (a ``null``, ``0.0000``, a one-digit negative exponent; inside a text too), then by json: for the
    network page's data no caller can vouch for (the nodes' details hold the data's amounts and their sums,
    #15). As with :func:`plain_script_json`, what orjson cannot write is left to json; not for values holding
    a ``UUID`` or an ``Enum``, which orjson writes and json refuses.

    >>> v = {"a": ["</script>", 1.5, 1e-05, 2**70]}
    >>> checked_script_json(v) == script_json(v)
    True
    """
    try:
        text = orjson.dumps(value, option=_ORJSON).decode()
    except orjson.JSONEncodeError:
        return _json_text(value)
    return _json_text(value) if _differs(text) else script_text(text)
