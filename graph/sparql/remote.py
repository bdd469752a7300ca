"""HTTP to other SPARQL stores (``mitra push``, ``mitra query --endpoint``): urllib, with an optional login.

Basic credentials go with each request, as ``curl -u`` sends them (in clear over plain http: use https beyond
this machine). Digest credentials answer the store's challenge (Virtuoso's ``-auth`` endpoints ask for Digest
and refuse Basic); urllib then sends the request twice, the first time without them.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPResponse

__all__ = ["AUTH_SCHEMES", "Login", "open_url", "error_line"]

AUTH_SCHEMES = ("basic", "digest")


@dataclass(frozen=True)
class Login:
    """A user name and password for a store, and how to send them (``basic`` or ``digest``).

    >>> Login("dba", "dba", "ntlm")
    Traceback (most recent call last):
    ...
    ValueError: unknown auth 'ntlm'; known: basic, digest
    """

    user: str
    password: str = ""
    auth: str = "basic"

    def __post_init__(self) -> None:
        if self.auth not in AUTH_SCHEMES:
            raise ValueError(f"unknown auth {self.auth!r}; known: {', '.join(AUTH_SCHEMES)}")

    def __repr__(self) -> str:  # never print the password
        return f"Login(user={self.user!r}, auth={self.auth!r})"


class _DigestAuthHandler(urllib.request.HTTPDigestAuthHandler):
    """urllib's Digest handler, closing the challenge response it answered (urllib leaves its socket open)."""

    def http_error_401(self, req, fp, code, msg, headers):  # noqa: ANN001, ANN201 - urllib's signature
        try:
            response = super().http_error_401(req, fp, code, msg, headers)
        except BaseException:
            fp.close()
            raise
        if response is not None:  # answered: the challenge is done with (else it becomes the HTTPError)
            fp.close()
        return response


def open_url(request: urllib.request.Request, *, login: Login | None = None, timeout: float = 60.0) -> HTTPResponse:
    """Send ``request`` with ``login`` (if any); the response, or urllib's ``HTTPError``/``URLError``."""
    if login is None:
        return urllib.request.urlopen(request, timeout=timeout)
    if login.auth == "basic":
        token = base64.b64encode(f"{login.user}:{login.password}".encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")
        return urllib.request.urlopen(request, timeout=timeout)
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, request.full_url, login.user, login.password)
    handler = _DigestAuthHandler(passwords)
    if request.data is not None:
        # A store may answer the first, unauthenticated request with its 401 before reading the body and close
        # the connection: a large body (the national graph's PUT, several MB) then fails with a broken pipe.
        # So a body-less HEAD fetches the challenge first, and the request goes once, already answered.
        answer = _digest_answer(request, handler, timeout=timeout)
        if answer:
            request.add_unredirected_header("Authorization", answer)
    return urllib.request.build_opener(handler).open(request, timeout=timeout)


def _digest_answer(request: urllib.request.Request, handler: urllib.request.HTTPDigestAuthHandler, *,
                   timeout: float) -> str | None:
    """The ``Authorization`` value answering the Digest challenge ``request``'s URL gives a body-less HEAD, or
    ``None`` when it gives none (no login needed there, or another scheme)."""
    probe = urllib.request.Request(request.full_url, method="HEAD")
    try:
        urllib.request.urlopen(probe, timeout=timeout).close()
        return None
    except urllib.error.HTTPError as exc:
        with exc:
            challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() != "digest":
        return None
    chal = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))
    answer = handler.get_authorization(request, chal)
    return f"Digest {answer}" if answer else None


def error_line(exc: urllib.error.HTTPError) -> str:
    """The first line of a store's error answer ("" if none); closes the response the error carries."""
    with exc:
        lines = exc.read().decode("utf-8", "replace").strip().splitlines()
    return lines[0] if lines else ""
