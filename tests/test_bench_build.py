"""The build benchmark's paired ratios (#15): the figures the 6x goal is read from."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "benchmarks"))  # bench_build imports scale_data as a sibling
    try:
        spec = importlib.util.spec_from_file_location("bench_build", ROOT / "benchmarks" / "bench_build.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        yield mod
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def test_each_pair_is_divided_by_its_own_one_x_build(bench):
    # a host twice as slow in the second pair: the pairs agree, the best of each side does not mix them up
    out = bench.paired_ratios([1.0, 2.0, 1.1], [6.0, 13.0, 7.7])
    assert out["ratios"] == [6.0, 6.5, 7.0]
    assert out["median"] == 6.5
    assert out["of_best"] == 6.0


def test_pairs_must_match(bench):
    with pytest.raises(ValueError):
        bench.paired_ratios([1.0, 2.0], [6.0])
