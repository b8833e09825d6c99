"""Tests of stable hashing."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from resume_ner.common.shared.hashing import (
    canonical_json,
    hash_file,
    hash_files,
    hash_value,
)


def test_key_order_and_float_spelling_do_not_matter() -> None:
    assert hash_value({"a": 1e-4, "b": [1, 2.0]}) == hash_value({"b": [1, 2], "a": 0.0001})


def test_golden_value_is_stable() -> None:
    # Changing this value invalidates every stored fingerprint: do so only on purpose.
    assert canonical_json({"b": (1, 2.5), "a": {"z", "y"}}) == '{"a":["y","z"],"b":[1,2.5]}'
    assert hash_value({"lr": 0.0002, "epochs": 3}, length=16) == hash_value(
        {"epochs": 3.0, "lr": 2e-4}, length=16
    )


def test_pydantic_models_and_paths_hash_by_value() -> None:
    class Cfg(BaseModel):
        lr: float = 0.1
        out: Path = Path("a/b")

    assert canonical_json(Cfg()) == '{"lr":0.1,"out":"a/b"}'


@pytest.mark.parametrize("bad", [math.nan, math.inf, object()])
def test_unhashable_values_are_named(bad: object) -> None:
    with pytest.raises(TypeError, match="cannot hash"):
        hash_value({"x": bad})


def test_file_hash_and_missing_file(tmp_path: Path) -> None:
    f = tmp_path / "f.txt"
    f.write_bytes(b"abc")
    assert hash_file(f) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    with pytest.raises(FileNotFoundError, match=r"cannot hash .*nope\.txt: no such file"):
        hash_file(tmp_path / "nope.txt")


def test_files_hash_ignores_location_but_not_names(tmp_path: Path) -> None:
    for root in ("one", "two"):
        (tmp_path / root).mkdir()
        (tmp_path / root / "a.txt").write_text("A")
        (tmp_path / root / "b.txt").write_text("B")
    one = sorted((tmp_path / "one").iterdir())
    two = sorted((tmp_path / "two").iterdir(), reverse=True)
    assert hash_files(one, tmp_path / "one") == hash_files(two, tmp_path / "two")
    (tmp_path / "two" / "b.txt").rename(tmp_path / "two" / "c.txt")
    renamed = sorted((tmp_path / "two").iterdir())
    assert hash_files(one, tmp_path / "one") != hash_files(renamed, tmp_path / "two")


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_hash_is_deterministic_and_canonical_json_round_trips(value: object) -> None:
    import json

    assert hash_value(value) == hash_value(json.loads(canonical_json(value)))
