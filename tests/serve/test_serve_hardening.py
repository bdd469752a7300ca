"""The endpoint answers every malformed request with a 4xx and keeps serving (#16).

Requests are sent on raw sockets, since HTTP client libraries refuse to send most of them.
"""

from __future__ import annotations

import socket
import urllib.parse

import pytest
from conftest import MINI


@pytest.fixture(scope="module")
def server(start_mitra_server, mini_out):
    return start_mitra_server(mini_out, MINI)


def raw(server, request: bytes, *, timeout: float = 60) -> tuple[int | None, bytes]:
    """(status, whole answer) of one raw request; status None when the connection is dropped unanswered."""
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while True:
            try:
                data = sock.recv(65536)
            except (ConnectionResetError, TimeoutError):
                break
            if not data:
                break
            chunks.append(data)
    answer = b"".join(chunks)
    if not answer.startswith(b"HTTP/1."):
        return None, answer
    return int(answer.split(b" ", 2)[1]), answer


def post(path: str, body: bytes, headers: dict[str, str], host: str = "127.0.0.1") -> bytes:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return f"POST {path} HTTP/1.1\r\nHost: {host}\r\n{head}Connection: close\r\n\r\n".encode() + body


def get(query: str, host: str = "127.0.0.1") -> bytes:
    qs = urllib.parse.urlencode({"query": query})
    return f"GET /sparql?{qs} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()


ASK = "ASK { ?s ?p ?o }"


@pytest.mark.parametrize("length", ["abc", "-5", "1e3", ""])
def test_a_content_length_that_is_not_a_length_gets_400(server, length):
    status, answer = raw(server, post("/sparql", ASK.encode(), {"Content-Type": "application/sparql-query",
                                                                "Content-Length": length}))
    assert status == 400, answer[:300]  # "": no length, so an empty query, which is a 400 too


def test_a_chunked_post_gets_411_not_update_refused(server):
    body = f"{len(ASK):x}\r\n{ASK}\r\n0\r\n\r\n".encode()
    status, answer = raw(server, post("/sparql", body, {"Content-Type": "application/sparql-query",
                                                        "Transfer-Encoding": "chunked"}))
    assert status == 411 and b"Update" not in answer


def test_an_empty_query_gets_400_not_update_refused(server):
    form = b"query="
    status, answer = raw(server, post("/sparql", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                        "Content-Length": str(len(form))}))
    assert status == 400 and b"empty" in answer
    status, _ = raw(server, get(""))
    assert status == 400


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.nip.io"])
def test_a_foreign_host_header_is_refused_on_a_loopback_bind(server, host):
    status, _ = raw(server, get(ASK, host=host))
    assert status == 403


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost:7070", "[::1]:80"])
def test_loopback_host_headers_are_served(server, host):
    status, answer = raw(server, get(ASK, host=host))
    assert status == 200, answer[:300]


def test_deep_nesting_is_answered_and_the_endpoint_keeps_serving(server):
    deep = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000
    status, answer = raw(server, post("/sparql", deep.encode(), {"Content-Type": "application/sparql-query",
                                                                 "Content-Length": str(len(deep))}))
    assert status is not None and 400 <= status < 600, answer[:300]
    assert raw(server, get(ASK))[0] == 200


def test_chained_optionals_that_crash_the_engine_are_answered_and_contained(server):
    chained = "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o } " * 3000 + "}"
    status, answer = raw(server, post("/sparql", chained.encode(), {"Content-Type": "application/sparql-query",
                                                                    "Content-Length": str(len(chained))}))
    assert status is not None and 400 <= status < 600, answer[:300]
    assert raw(server, get(ASK))[0] == 200


def test_a_half_sent_request_is_closed_by_the_read_timeout(server):
    """Headers promise a body that never comes: the server closes the connection instead of waiting forever."""
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nASK")
        assert sock.recv(100) == b""  # closed by the server (after its read timeout), not by us
