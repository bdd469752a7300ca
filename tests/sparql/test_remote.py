"""HTTP to other stores with a login (graph/sparql/remote.py).

Digest is tested against Debian's Virtuoso in test_push.py. No store that takes HTTP Basic runs here (Fuseki
and GraphDB need the Maven registry), so Basic is tested against a small HTTP server on 127.0.0.1 that, like
them, answers 401 with a Basic challenge unless the request carries the right credentials.
"""

from __future__ import annotations

import base64
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import cli
from graph.sparql import remote
from graph.sparql.push import push_graph
from graph.sparql.remote import Login, open_url

USER, PASSWORD = "admin", "s3cret:with colon"


class _BasicStore(BaseHTTPRequestHandler):
    """Accepts PUT and POST with the right Basic login (204), records them; else 401 with a challenge."""

    received: list[tuple[str, str, bytes]] = []

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.received.append((self.command, self.path, body))
        self.send_response(204)
        self.end_headers()

    do_PUT = do_POST = _handle  # noqa: N815 - http.server's method names

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture
def basic_store():
    _BasicStore.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BasicStore)
    # shutdown() waits for serve_forever's next poll: 0.5 s per test at the default interval
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_login_refuses_an_unknown_scheme_and_never_shows_the_password():
    with pytest.raises(ValueError, match="unknown auth 'ntlm'"):
        Login("u", "p", "ntlm")
    assert PASSWORD not in repr(Login(USER, PASSWORD)) and PASSWORD not in str(Login(USER, PASSWORD))


def test_cli_offers_the_library_auth_schemes():
    assert cli.AUTH_SCHEMES == remote.AUTH_SCHEMES


def test_basic_login_is_sent_with_the_first_request(basic_store):
    req = urllib.request.Request(basic_store + "/store", data=b"x", method="PUT")
    with open_url(req, login=Login(USER, PASSWORD), timeout=10) as resp:
        assert resp.status == 204
    assert _BasicStore.received == [("PUT", "/store", b"x")]  # one request: no challenge round trip


@pytest.mark.parametrize("login", [None, Login(USER, "wrong"), Login(USER, PASSWORD, "digest")])
def test_a_missing_wrong_or_digest_login_gets_the_401(basic_store, login):
    req = urllib.request.Request(basic_store + "/store", data=b"x", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as info:
        open_url(req, login=login, timeout=10)
    info.value.close()
    assert info.value.code == 401 and _BasicStore.received == []


def test_push_with_basic_login_puts_each_graph(basic_store, mini_out):
    result = push_graph(
        (mini_out / "mitra.nq").read_bytes(), endpoint=basic_store + "/store", user=USER, password=PASSWORD,
        protocol="gsp",
    )
    assert result.statuses == (204, 204)
    assert sorted(path.split("?")[1] for _, path, _ in _BasicStore.received) == sorted(
        "graph=" + urllib.parse.quote(g, safe="") for g in result.graphs
    )
    assert all(method == "PUT" and body for method, _, body in _BasicStore.received)
