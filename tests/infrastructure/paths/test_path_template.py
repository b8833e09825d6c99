"""Tests of path-template compilation, its errors, and the safety of any filled value."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resume_ner.core.normalize import PATH_RULES, normalize
from resume_ner.core.placeholders import PlaceholderError
from resume_ner.core.tokens import Token
from resume_ner.infrastructure.config.sections.paths import DEFAULT_PATH_TEMPLATES, PathsConfig
from resume_ner.infrastructure.paths import OutputLayout, PathTemplate
from resume_ner.infrastructure.paths.template import path_value

ROOT = Path("/srv/outputs").absolute()


def test_compile_splits_components() -> None:
    template = PathTemplate.compile("train", "training/{backbone}/{spec8}-{exec8}/v{variant}")
    assert template.tokens == ("backbone", "spec8", "exec8", "variant")
    assert len(template.components) == 4
    assert template.components[0] == ("training",)
    third = template.components[2]
    assert isinstance(third[0], Token) and third[0].name == "spec8"
    assert third[1] == "-"
    assert template.component_index("variant") == 3
    assert template.component_index("dataset") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "hpo/{sudy}",
            "paths template 'bad' ('hpo/{sudy}'): template 'hpo/{sudy}': unknown token {sudy}",
        ),
        ("runs/{timestamp}", "token {timestamp} is not allowed in a path"),
        ("runs/{Study}", "malformed placeholder {Study}"),
        ("runs/{study", "unbalanced"),
        ("", "template is empty"),
        ("/abs/{study}", "must be relative to the output root"),
        ("~/x", "must be relative to the output root"),
        ("C:/x", "must be relative to the output root"),
        ("a/../b", "empty, '.' or '..' components are not allowed"),
        ("a//b", "empty, '.' or '..' components are not allowed"),
        ("a/", "empty, '.' or '..' components are not allowed"),
        ("./a", "empty, '.' or '..' components are not allowed"),
        ("a\\..\\b/{study}", "literal text 'a\\\\..\\\\b' contains characters not portable"),
        ("my runs/{study}", "literal text 'my runs' contains characters not portable"),
    ],
)
def test_compile_errors_name_key_and_problem(text: str, expected: str) -> None:
    with pytest.raises(PlaceholderError) as info:
        PathTemplate.compile("bad", text)
    message = str(info.value)
    assert message.startswith(f"paths template 'bad' ({text!r}):")
    assert expected in message


def test_unknown_token_in_layout_template_names_key_and_token() -> None:
    config = PathsConfig.model_construct(
        output_root="o", templates={**DEFAULT_PATH_TEMPLATES, "hpo": "hpo/{studyy}"}
    )
    with pytest.raises(PlaceholderError) as info:
        OutputLayout.from_config(config, root=ROOT)
    assert "paths template 'hpo'" in str(info.value)
    assert "unknown token {studyy}" in str(info.value)


@pytest.mark.parametrize("text", DEFAULT_PATH_TEMPLATES.values())
def test_every_default_template_compiles(text: str) -> None:
    assert PathTemplate.compile("k", text).text == text


_SAFE_FORBIDDEN = set(PATH_RULES.forbidden)
_TEXT = st.text(max_size=80)


def _component_is_safe(component: str) -> bool:
    return (
        component not in {"", ".", ".."}
        and not _SAFE_FORBIDDEN.intersection(component)
        and len(component.encode("utf-8")) <= 255
    )


@settings(max_examples=300, deadline=None)
@given(study=_TEXT, trial=_TEXT, dataset=_TEXT)
def test_any_text_yields_a_safe_path_under_root(study: str, trial: str, dataset: str) -> None:
    config = PathsConfig(templates={"mixed": "x/{study}{dataset}/trial-{trial}/{study}"})
    layout = OutputLayout.from_config(config, root=ROOT)
    try:
        path = layout.stage_dir("mixed", study=study, trial=trial, dataset=dataset)
    except PlaceholderError as exc:
        assert "paths template 'mixed'" in str(exc)
        return
    relative = path.relative_to(ROOT)
    assert layout.ensure_under_root(path) == path
    assert len(relative.parts) == 4
    assert all(_component_is_safe(part) for part in relative.parts)


@settings(max_examples=300, deadline=None)
@given(value=st.text(max_size=100))
def test_fast_path_matches_normalize(value: str) -> None:
    try:
        expected: str | Exception = normalize(value, PATH_RULES).value
    except ValueError as exc:
        expected = exc
    if isinstance(expected, Exception):
        with pytest.raises(ValueError):
            path_value("study", value)
    else:
        assert path_value("study", value) == expected


@pytest.mark.parametrize(
    "value", ["abc", "a_b", "_a", "a_", "a__b", "A", "x" * 64, "x" * 65, ".", "..", "-"]
)
def test_fast_path_matches_normalize_on_edges(value: str) -> None:
    try:
        expected = normalize(value, PATH_RULES).value
    except ValueError:
        with pytest.raises(ValueError):
            path_value("dataset", value)
        return
    assert path_value("dataset", value) == expected


def test_short_form_cuts_before_normalising() -> None:
    assert path_value("spec8", "ABCDEF0123") == "abcdef01"
