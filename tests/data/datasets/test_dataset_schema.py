"""Label schema: BIO tags, id maps, round trips and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resume_ner.common.constants import files
from resume_ner.common.shared import FileFormatError
from resume_ner.data.datasets.schema import IGNORE_INDEX, LabelSchema, LabelSchemaError

CANONICAL = (
    "NAME", "EMAIL", "PHONE", "LOCATION", "DESIGNATION", "COMPANY", "DEGREE", "COLLEGE",
    "GRADUATION_YEAR", "YEARS_OF_EXPERIENCE", "SKILLS",
)  # fmt: skip


def test_tags_are_outside_then_begin_inside_per_label_in_order() -> None:
    schema = LabelSchema(("NAME", "EMAIL"))
    assert schema.tags == ("O", "B-NAME", "I-NAME", "B-EMAIL", "I-EMAIL")
    assert schema.label2id == {"O": 0, "B-NAME": 1, "I-NAME": 2, "B-EMAIL": 3, "I-EMAIL": 4}
    assert schema.id2label == {0: "O", 1: "B-NAME", 2: "I-NAME", 3: "B-EMAIL", 4: "I-EMAIL"}
    assert schema.num_tags == 5


def test_tag_to_id_maps_none_to_ignore_index_and_rejects_unknown_tags() -> None:
    schema = LabelSchema(("NAME",))
    assert schema.tag_to_id(None) == IGNORE_INDEX == -100
    assert schema.tag_to_id("I-NAME") == 2
    assert schema.tags[1] == "B-NAME"
    with pytest.raises(
        LabelSchemaError, match=r"tag 'B-SKILLS' is not in the label schema \(labels: NAME\)"
    ):
        schema.tag_to_id("B-SKILLS")


def test_canonical_schema_has_the_eleven_resume_labels() -> None:
    schema = LabelSchema.canonical()
    assert schema.labels == CANONICAL
    assert schema.num_tags == 23


def test_dict_round_trip_and_equality() -> None:
    schema = LabelSchema(("NAME", "SKILLS"))
    data = json.loads(json.dumps(schema.to_dict()))
    assert data["id2label"] == {
        "0": "O",
        "1": "B-NAME",
        "2": "I-NAME",
        "3": "B-SKILLS",
        "4": "I-SKILLS",
    }
    again = LabelSchema.from_dict(data)
    assert again == schema
    assert hash(again) == hash(schema)
    assert LabelSchema.from_dict({"labels": ["NAME", "SKILLS"]}) == schema


def test_save_and_load_through_a_folder(tmp_path: Path) -> None:
    schema = LabelSchema(("NAME", "EMAIL", "PHONE"))
    path = schema.save(tmp_path / "model")
    assert path == tmp_path / "model" / files.LABEL_SCHEMA_FILE
    assert LabelSchema.load(tmp_path / "model") == schema
    assert LabelSchema.load(path) == schema
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ((), "a label schema needs at least one label"),
        (("NAME", "NAME"), "label 'NAME' is listed twice"),
        (("Name", "NAME"), "labels 'Name' and 'NAME' differ only in case; keep one of them"),
        (("NAME", "O"), "label 1 is 'O': 'O' is the outside tag and cannot be a label"),
        (("o",), "label 0 is 'o': 'O' is the outside tag"),
        (("Companies worked at",), "label 0 'Companies worked at' is not allowed"),
        (("B-NAME ",), "is not allowed: use letters, digits"),
        (("NAME", 3), "label 1 must be a string, got int: 3"),
    ],
)
def test_invalid_label_sets_are_rejected_with_the_reason(labels: tuple, message: str) -> None:
    with pytest.raises(LabelSchemaError) as info:
        LabelSchema(labels)
    assert message in str(info.value)


def test_space_error_points_to_label_map() -> None:
    with pytest.raises(LabelSchemaError, match=r"data\.label_map"):
        LabelSchema(("College Name",))


def test_from_dict_rejects_maps_that_disagree_with_labels() -> None:
    data = LabelSchema(("NAME", "EMAIL")).to_dict()
    data["id2label"]["1"] = "B-EMAIL"
    with pytest.raises(
        LabelSchemaError,
        match=r"model: 'id2label' does not match the tags built from 'labels' \(NAME, EMAIL\)",
    ):
        LabelSchema.from_dict(data, source="model")
    with pytest.raises(LabelSchemaError, match="'labels' must be a list of label names"):
        LabelSchema.from_dict({"tags": ["O"]})


def test_load_names_the_file_on_bad_content(tmp_path: Path) -> None:
    path = tmp_path / files.LABEL_SCHEMA_FILE
    path.write_text(json.dumps({"labels": ["NAME", "name"]}), encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        LabelSchema.load(tmp_path)
    assert str(info.value) == (
        f"{path}: labels 'NAME' and 'name' differ only in case; keep one of them"
    )
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(FileFormatError, match="invalid JSON"):
        LabelSchema.load(tmp_path)
    with pytest.raises(FileNotFoundError):
        LabelSchema.load(tmp_path / "missing")
