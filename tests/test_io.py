"""Atomic writes: a failed write leaves the old file intact and no temporary file behind (style.md G3)."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from graph.io import (
    atomic_write,
    fork_call,
    staged_copy,
    write_bytes,
    write_pieces,
    write_pieces_together,
    write_text,
    written_sha256,
)


def test_write_text_creates_folders_and_writes_utf8(tmp_path):
    target = tmp_path / "a" / "b" / "out.txt"
    write_text(target, "Kota kembar Jakarta–Rotterdam\n")
    assert target.read_bytes() == "Kota kembar Jakarta–Rotterdam\n".encode()


def test_write_bytes(tmp_path):
    target = tmp_path / "out.bin"
    write_bytes(target, b"\x00\xff")
    assert target.read_bytes() == b"\x00\xff"


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "mitra.ttl"
    target.write_text("GOOD OLD OUTPUT", encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"), atomic_write(target) as fh:
        fh.write("half-")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "GOOD OLD OUTPUT"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mitra.ttl"]


def test_a_failed_first_write_creates_nothing(tmp_path):
    target = tmp_path / "new.ttl"
    with pytest.raises(KeyboardInterrupt), atomic_write(target) as fh:
        fh.write("half-")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_the_file_only_appears_when_complete(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_write(target) as fh:
        fh.write("part one ")
        assert not target.exists()
        fh.write("part two")
    assert target.read_text(encoding="utf-8") == "part one part two"


def test_outputs_get_ordinary_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        write_text(tmp_path / "out.txt", "x")
    finally:
        os.umask(umask)
    mode = stat.S_IMODE((tmp_path / "out.txt").stat().st_mode)
    assert mode == 0o644  # not mkstemp's 0600


def test_a_staged_copy_is_swapped_in_whole_or_not_at_all(tmp_path):
    target = tmp_path / "data"
    target.mkdir()
    (target / "a.csv").write_text("old a", encoding="utf-8")
    (target / "b.csv").write_text("old b", encoding="utf-8")
    with pytest.raises(RuntimeError), staged_copy(target, tag="t") as new:
        (new / "a.csv").write_text("new a", encoding="utf-8")
        raise RuntimeError("between the two writes")
    assert {p.name: p.read_text(encoding="utf-8") for p in target.iterdir()} == {"a.csv": "old a", "b.csv": "old b"}
    with staged_copy(target, tag="t") as new:
        (new / "a.csv").write_text("new a", encoding="utf-8")
        (new / "b.csv").write_text("new b", encoding="utf-8")
    assert {p.name: p.read_text(encoding="utf-8") for p in target.iterdir()} == {"a.csv": "new a", "b.csv": "new b"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_files_written_together_get_their_own_pieces_or_none_is_replaced(tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.trig"
    write_pieces_together([a, b], [("x", ""), ("", "y" * (1 << 20)), ("z", "w")])
    assert a.read_text(encoding="utf-8") == "xz" and b.read_text(encoding="utf-8") == "y" * (1 << 20) + "w"

    def failing():
        yield "new", "new"
        raise RuntimeError("a writer failed")

    with pytest.raises(RuntimeError):
        write_pieces_together([a, b], failing())
    assert a.read_text(encoding="utf-8") == "xz" and b.read_text(encoding="utf-8").endswith("w")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ttl", "b.trig"]


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_each_writer_knows_the_sha256_of_the_bytes_it_wrote_until_the_file_changes(tmp_path):
    """The build stamp takes its outputs' digests from here instead of reading 500 MB back (#15): each must be the
    file's, and none may be given for a file changed since or written by someone else."""
    a, b, c, d, e = (tmp_path / n for n in ("a.txt", "b.bin", "c.txt", "d.bin", "e.txt"))
    write_text(a, "Kota Bandung – 浜松市\n")
    write_bytes(b, b"\x00\xff" * 10)
    write_pieces(c, ["Jawa ", "Barat\n" * 300_000])  # over 1 MB: written in two batches
    write_pieces(d, [b"ab", b"cd"], binary=True)
    write_pieces_together([e, tmp_path / "f.txt"], [("x", ""), ("ä", "y")])
    for path in (a, b, c, d, e, tmp_path / "f.txt"):
        assert written_sha256(path) == _sha(path), path
    assert a.read_text(encoding="utf-8") == "Kota Bandung – 浜松市\n"
    with a.open("a", encoding="utf-8") as fh:
        fh.write("x")
    assert written_sha256(a) is None
    st = b.stat()
    os.utime(b, ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # same bytes, but not provably: hash it again
    assert written_sha256(b) is None
    c.unlink()
    assert written_sha256(c) is None
    other = tmp_path / "other.txt"
    other.write_text("x", encoding="utf-8")
    assert written_sha256(other) is None


def _writes(path):
    write_text(path, "ditulis di proses anak")
    return "done"


def test_the_files_a_forked_worker_wrote_are_known_to_its_parent(tmp_path):
    import gc

    path = tmp_path / "child.txt"
    try:
        assert fork_call(_writes, path, name="test").result(timeout=60) == "done"
    finally:
        gc.unfreeze()  # fork_call froze this process's objects; its caller thaws them (as the pipeline does)
    assert written_sha256(path) == _sha(path)
