"""Word-shape ids: classes from the original text, word context, line starts, special tokens."""

from __future__ import annotations

import pytest

from resume_ner.training.core.shapes import (
    NUM_SHAPE_IDS,
    PAD_SHAPE_ID,
    SHAPES,
    ShapeIndex,
    chunk_shape,
    shape_ids,
    word_shape,
)


@pytest.mark.parametrize(
    ("word", "shape"),
    [
        ("John", "Xxxx"),
        ("IBM", "XXXX"),
        ("J", "X"),
        ("python", "xxxx"),
        ("7", "d"),
        ("512", "d"),
        ("2019", "dddd"),
        ("9876543210", "ddddd+"),
        ("B2B", "mixed"),
        ("JavaScript", "mixed"),
        ("iOS", "mixed"),
        (",", "punct"),
        ("(", "punct"),
        ("+", "other"),
        ("José", "Xxxx"),
        ("", "other"),
    ],
)
def test_word_shape_classes(word: str, shape: str) -> None:
    assert word_shape(word) == shape


@pytest.mark.parametrize(
    ("chunk", "shape"),
    [
        ("john.doe@gmail.com", "x@x"),
        ("<john@x.io>,", "x@x"),
        ("https://github.com/john", "url"),
        ("www.example.org", "url"),
        ("linkedin.com/in/john", "url"),
        ("ASP.NET", None),
        ("B.Tech/B.E.", None),
        ("john@", None),
    ],
)
def test_chunk_shape_detects_addresses(chunk: str, shape: str | None) -> None:
    assert chunk_shape(chunk) == shape


def _id(name: str, line_start: bool = False) -> int:
    return 1 + 2 * SHAPES.index(name) + int(line_start)


def test_token_shapes_come_from_original_text_and_whole_words() -> None:
    text = "John Johnson\nSkills: python, SQL 2019\nmail john.doe@Gmail.com"
    offsets = [
        (0, 0),  # [CLS]
        (0, 4),  # John (line start)
        (5, 9),  # "john" of Johnson
        (9, 12),  # "##son" of Johnson -> shape of the whole word
        (13, 19),  # Skills (line start)
        (19, 20),  # :
        (21, 27),  # python
        (29, 32),  # SQL
        (33, 37),  # 2019
        (38, 42),  # mail (line start)
        (43, 47),  # john of the e-mail
        (52, 57),  # Gmail inside the e-mail
        (0, 0),  # [SEP]
    ]
    assert shape_ids(text, offsets) == [
        PAD_SHAPE_ID,
        _id("Xxxx", line_start=True),
        _id("Xxxx"),
        _id("Xxxx"),
        _id("Xxxx", line_start=True),
        _id("punct"),
        _id("xxxx"),
        _id("XXXX"),
        _id("dddd"),
        _id("xxxx", line_start=True),
        _id("x@x"),
        _id("x@x"),
        PAD_SHAPE_ID,
    ]


def test_ids_stay_inside_the_embedding_table() -> None:
    text = "ÉCOLE ☃ 東京 x_y __ --"
    index = ShapeIndex(text)
    ids = index.ids([(i, i + 1) for i in range(len(text))])
    assert all(0 <= i < NUM_SHAPE_IDS for i in ids)
    assert index.shape_id(3, 3) == PAD_SHAPE_ID
    assert index.shape_id(len(text), len(text) + 1) == PAD_SHAPE_ID
