"""Text that goes into a web page: JSON (or any text) made safe inside a ``<script>`` block, written once.

Both pages Mitra writes (the network page of ``mitra html`` and the query page of ``mitra serve``) hand data
to their scripts as JSON inside ``<script type="application/json">``; a label holding ``</script>`` must not
end that block, whatever page it is on.
"""

from __future__ import annotations

import json
import re

__all__ = ["script_text", "script_json"]

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
