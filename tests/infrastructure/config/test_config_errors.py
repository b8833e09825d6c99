"""Bad input: every problem reported once, with dotted key, message and source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from resume_ner.infrastructure.config import ConfigError, ConfigProblem, load_config

WriteYaml = Callable[[str, str], Path]


def problems_of(*files: Path, overrides: tuple[str, ...] = ()) -> list[ConfigProblem]:
    with pytest.raises(ConfigError) as caught:
        load_config(files, overrides, env={})
    return caught.value.problems


def test_unknown_key_names_the_dotted_path_and_the_file(write_yaml: WriteYaml) -> None:
    path = write_yaml("exp.yaml", "training:\n  lerning_rate: 1e-3\n")
    with pytest.raises(ConfigError) as caught:
        load_config([path], env={})
    assert str(caught.value) == (
        "Invalid configuration (1 problem):\n"
        "  training.lerning_rate: Extra inputs are not permitted (did you mean "
        f"'learning_rate'?) (source: {path})"
    )


def test_every_problem_is_listed_one_per_line(write_yaml: WriteYaml) -> None:
    base = write_yaml("base.yaml", "training: {epochs: many}\nserve: {port: 70000}\n")
    main = write_yaml(
        "main.yaml", "defaults: [base.yaml]\ntraining: {batch_size: 0}\nunknown_section: 1\n"
    )
    problems = problems_of(main)
    assert [(p.key, p.source) for p in problems] == [
        ("training.epochs", str(base)),
        ("training.batch_size", str(main)),
        ("serve.port", str(base)),
        ("unknown_section", str(main)),
    ]
    assert problems[0].message.startswith("Input should be a valid integer")
    assert problems[1].message == "Input should be greater than or equal to 1"
    assert problems[2].message == "Input should be less than or equal to 65535"
    assert problems[3].message == "Extra inputs are not permitted"


def test_wrong_type_in_a_list_item_names_the_index(write_yaml: WriteYaml) -> None:
    path = write_yaml("d.yaml", "data:\n  sources:\n    - {path: a.json, colour: red}\n")
    (problem,) = problems_of(path)
    assert str(problem) == (
        f"data.sources[0].colour: Extra inputs are not permitted (source: {path})"
    )


def test_missing_file() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(["/nonexistent/dir/config.yaml"], env={})
    assert str(caught.value) == (
        "Cannot read configuration files (1 problem):\n  /nonexistent/dir/config.yaml: no such file"
    )


def test_every_unreadable_file_is_listed(write_yaml: WriteYaml, tmp_path: Path) -> None:
    good = write_yaml("good.yaml", "training: {epochs: 1}\n")
    problems = problems_of(tmp_path / "a.yaml", good, tmp_path)
    assert [p.source for p in problems] == [str(tmp_path / "a.yaml"), str(tmp_path)]
    assert problems[1].message == "is a folder, expected a YAML file"


def test_malformed_yaml_gives_file_and_line(write_yaml: WriteYaml) -> None:
    path = write_yaml("broken.yaml", "training:\n  epochs: 3\n  batch_size: [8, 16\nmodel: {}\n")
    (problem,) = problems_of(path)
    assert problem.source == f"{path}:4"
    assert problem.message.startswith("invalid YAML:")
    assert str(problem).startswith(f"{path}:4: invalid YAML:")


def test_duplicate_key_gives_file_and_line(write_yaml: WriteYaml) -> None:
    path = write_yaml("dup.yaml", "training:\n  epochs: 3\n  epochs: 4\n")
    (problem,) = problems_of(path)
    assert str(problem) == f"{path}:3: invalid YAML: duplicate key 'epochs'"


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b\n", "list"), ("just text\n", "str")])
def test_top_level_must_be_a_mapping(write_yaml: WriteYaml, text: str, kind: str) -> None:
    path = write_yaml("top.yaml", text)
    (problem,) = problems_of(path)
    assert str(problem) == f"{path}: the top level must be a mapping of sections, got a {kind}"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"data: {name: caf\xe9}\n")
    (problem,) = problems_of(path)
    assert str(problem) == f"{path}: not valid UTF-8 (byte 16)"


def test_unknown_placeholder_in_path_templates(write_yaml: WriteYaml) -> None:
    path = write_yaml("p.yaml", "paths:\n  templates:\n    train: 'training/{modle}/{spec8}'\n")
    (problem,) = problems_of(path)
    assert problem.key == "paths.templates"
    assert "unknown token {modle}" in problem.message
    assert "template 'train'" in problem.message
    assert problem.source == str(path)


def test_hpo_range_low_above_high(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        "h.yaml",
        "hpo:\n  search_space:\n"
        '    "training.learning_rate": {type: float, low: 1e-3, high: 1e-4, log: true}\n'
        '    "training.epochs": {type: int, low: 9, high: 3}\n',
    )
    problems = problems_of(path)
    assert [str(p) for p in problems] == [
        'hpo.search_space."training.learning_rate": low (0.001) must be <= high (0.0001) '
        f"(source: {path})",
        f'hpo.search_space."training.epochs": low (9) must be <= high (3) (source: {path})',
    ]


def test_empty_search_space(write_yaml: WriteYaml) -> None:
    path = write_yaml("e.yaml", "hpo:\n  search_space: {}\n")
    (problem,) = problems_of(path)
    assert str(problem) == (
        f"hpo: search_space is empty: declare at least one parameter (source: {path})"
    )


def test_missing_and_unknown_parameter_kind(write_yaml: WriteYaml) -> None:
    path = write_yaml(
        "k.yaml",
        'hpo:\n  search_space:\n    "a": {type: int, low: 1}\n    "b": {type: beta, low: 1}\n',
    )
    problems = problems_of(path)
    assert (problems[0].key, problems[0].message) == ("hpo.search_space.a.high", "Field required")
    assert problems[1].key == "hpo.search_space.b"
    assert "Input tag 'beta' found using 'type' does not match" in problems[1].message


def test_cross_field_rule_names_its_section(write_yaml: WriteYaml) -> None:
    path = write_yaml("s.yaml", "data:\n  split: {train: 0.5, validation: 0.1, test: 0.1}\n")
    (problem,) = problems_of(path)
    assert str(problem) == (
        f"data.split: train + validation + test must be 1.0, got 0.7 (source: {path})"
    )


def test_section_problem_reports_the_source_below_it() -> None:
    problems = problems_of(overrides=("data.max_length=64",))
    assert [(p.key, p.source) for p in problems] == [("data", "override: data.max_length=64")]
    assert problems[0].message == (
        "stride (64) must be less than half of the 62 content tokens of a window "
        "(max_length 64 minus 2 special tokens)"
    )
