"""Sliding windows: planning, encoding with labels, coverage, merging predictions, errors."""

from __future__ import annotations

import itertools
import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.processing import (
    Window,
    decode_with_scores,
    encode_documents,
    encode_spans,
    merge_window_predictions,
    plan_windows,
)

# ---------------------------------------------------------------- plan_windows


def encode_document(
    tokenizer: Any, document: Document, max_length: int, stride: int, **options: Any
) -> list[Window]:
    """The windows of one document."""
    return encode_documents(tokenizer, [document], max_length, stride, **options)[0]


@pytest.mark.parametrize(
    ("n", "size", "stride", "expected"),
    [
        (0, 8, 2, [(0, 0)]),
        (5, 8, 2, [(0, 5)]),
        (8, 8, 2, [(0, 8)]),
        (9, 8, 2, [(0, 8), (6, 9)]),
        (20, 8, 2, [(0, 8), (6, 14), (12, 20)]),
        (21, 8, 2, [(0, 8), (6, 14), (12, 20), (18, 21)]),
        (10, 4, 0, [(0, 4), (4, 8), (8, 10)]),
    ],
)
def test_plan_windows_examples(
    n: int, size: int, stride: int, expected: list[tuple[int, int]]
) -> None:
    assert plan_windows(n, size, stride) == expected


@given(st.integers(0, 3000), st.integers(1, 600), st.data())
def test_plan_windows_properties(n: int, size: int, data: st.DataObject) -> None:
    stride = data.draw(st.integers(0, (size - 1) // 2))
    windows = plan_windows(n, size, stride)
    assert windows[0][0] == 0
    assert windows[-1][1] == n
    assert all(0 < end - start <= size for start, end in windows if n)
    for (s1, e1), (s2, e2) in itertools.pairwise(windows):
        assert e1 - s2 == stride  # consecutive windows share exactly `stride` tokens
        assert s2 > s1 and e2 > e1
    covered = set().union(*(range(s, e) for s, e in windows))
    assert covered == set(range(n))


# ---------------------------------------------------------------- encode


def _resume(n_chars: int, seed: int = 0) -> Document:
    """A synthetic resume of about ``n_chars`` characters with word-aligned spans."""
    rng = random.Random(seed)
    vocabulary = [
        "john",
        "smith",
        "python",
        "java",
        "engineering",
        "google",
        "skills",
        "résumé",
        "2019",
        "x@y.com",
        "c++",
        "data-driven",
        "managers",
        "kubernetes",
    ]
    text, spans = "", []
    while len(text) < n_chars:
        words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 3))]
        phrase = " ".join(words)
        if rng.random() < 0.3:
            spans.append(Span(len(text), len(text) + len(phrase), rng.choice(["SKILL", "NAME"])))
        text += phrase + rng.choice([" ", "\n", ", ", " | "])
    return Document(f"resume-{seed}", text, tuple(spans))


def test_short_document_is_one_window_like_the_tokenizer(tiny_tokenizer: Any) -> None:
    doc = Document("d1", "John Smith, Python engineering", (Span(0, 10, "NAME"),))
    (window,) = encode_document(tiny_tokenizer, doc, max_length=64, stride=8)
    assert isinstance(window, Window)
    assert window.input_ids == tuple(tiny_tokenizer(doc.text)["input_ids"])
    assert window.doc_id == "d1" and window.index == 0 and window.content_start == 1
    assert window.attention_mask == (1,) * len(window)
    assert window.offsets[0] == window.offsets[-1] == (0, 0)
    assert window.word_ids[0] is None and window.word_ids[-1] is None
    assert window.tags[:4] == (None, "B-NAME", "I-NAME", "O")
    assert window.tags[-1] is None
    assert (window.token_start, window.token_end) == (0, len(window) - 2)


def test_empty_document_gives_one_window_of_special_tokens(tiny_tokenizer: Any) -> None:
    (window,) = encode_document(tiny_tokenizer, Document("e", ""), max_length=16, stride=2)
    assert window.input_ids == (tiny_tokenizer.cls_token_id, tiny_tokenizer.sep_token_id)
    assert window.tags == (None, None)


@pytest.mark.parametrize("all_subtokens", [False, True])
def test_long_document_windows_carry_document_offsets_and_tags(
    tiny_tokenizer: Any, all_subtokens: bool
) -> None:
    doc = _resume(3000, seed=1)
    max_length, stride = 40, 9
    windows = encode_document(
        tiny_tokenizer, doc, max_length, stride, label_all_subtokens=all_subtokens
    )
    whole = tiny_tokenizer(doc.text, add_special_tokens=False, return_offsets_mapping=True)
    offsets = [tuple(o) for o in whole["offset_mapping"]]
    tags = encode_spans(doc.spans, offsets, whole.word_ids(), label_all_subtokens=all_subtokens)
    cls, sep = tiny_tokenizer.cls_token_id, tiny_tokenizer.sep_token_id
    assert len(windows) > 5
    for index, window in enumerate(windows):
        assert window.index == index and len(window) <= max_length
        assert window.input_ids[0] == cls and window.input_ids[-1] == sep
        start, end = window.token_start, window.token_end
        assert window.input_ids[1:-1] == tuple(whole["input_ids"][start:end])
        assert window.offsets[1:-1] == tuple(offsets[start:end])
        assert window.tags[1:-1] == tuple(tags[start:end])
        assert window.word_ids[1:-1] == tuple(whole.word_ids()[start:end])
    for previous, current in itertools.pairwise(windows):
        assert previous.token_end - current.token_start == stride
    # Offsets are document-relative: the covered text is the token's text.
    window = windows[3]
    normalize = tiny_tokenizer.backend_tokenizer.normalizer.normalize_str
    for (a, b), token_id in zip(window.offsets[1:-1], window.input_ids[1:-1], strict=True):
        piece = tiny_tokenizer.convert_ids_to_tokens(token_id).removeprefix("##")
        assert piece == "[UNK]" or normalize(doc.text[a:b]) == piece


def test_twenty_thousand_characters_lose_no_token(backbone_tokenizer: Any) -> None:
    doc = _resume(20_000, seed=2)
    assert len(doc.text) >= 20_000
    windows = encode_document(backbone_tokenizer, doc, max_length=128, stride=32)
    n_tokens = len(
        backbone_tokenizer(doc.text, add_special_tokens=False, verbose=False)["input_ids"]
    )
    assert n_tokens > 128
    covered = set().union(*(range(w.token_start, w.token_end) for w in windows))
    assert covered == set(range(n_tokens))
    assert all(len(w) <= 128 for w in windows)
    assert windows[-1].offsets[-2][1] == len(doc.text.rstrip())


def test_encode_documents_batches_and_keeps_order(tiny_tokenizer: Any) -> None:
    docs = [_resume(200 + 150 * i, seed=i) for i in range(7)]
    batched = encode_documents(tiny_tokenizer, docs, max_length=32, stride=4, batch_size=3)
    assert [group[0].doc_id for group in batched] == [doc.id for doc in docs]
    for doc, group in zip(docs, batched, strict=True):
        assert group == encode_document(tiny_tokenizer, doc, max_length=32, stride=4)


class _SlowTokenizer:
    is_fast = False
    model_max_length = 512


def test_encode_errors_name_the_numbers(tiny_tokenizer: Any) -> None:
    doc = Document("d", "john")
    with pytest.raises(ValueError, match="_SlowTokenizer is not a fast tokenizer; windows need"):
        encode_document(_SlowTokenizer(), doc, 64, 8)
    with pytest.raises(
        ValueError, match="max_length=1024 exceeds the tokenizer's model_max_length=512"
    ):
        encode_document(tiny_tokenizer, doc, 1024, 8)
    with pytest.raises(
        ValueError,
        match="stride=31 must be at least 0 and less than half the window content: max_length=64 "
        "minus 2 special tokens leaves 62 tokens, so stride must be at most 30",
    ):
        encode_document(tiny_tokenizer, doc, 64, 31)
    with pytest.raises(ValueError, match="max_length=2 leaves no room after 2 special tokens"):
        encode_document(tiny_tokenizer, doc, 2, 0)


# ---------------------------------------------------------------- merge


def _edge_damaged_predictions(windows: list[Window], n_tokens: int, stride: int) -> list[list[str]]:
    """Gold tags, except within stride // 2 tokens of a window edge that cuts the document."""
    rows = []
    for window in windows:
        width = window.token_end - window.token_start
        row = [tag or "O" for tag in window.tags]
        for p in range(width):
            near_left = window.token_start > 0 and p < stride // 2
            near_right = window.token_end < n_tokens and width - 1 - p < stride // 2
            if near_left or near_right:
                row[window.content_start + p] = "B-WRONG"
        rows.append(row)
    return rows


@pytest.mark.parametrize(("max_length", "stride"), [(24, 6), (40, 9), (50, 0), (33, 15)])
def test_merge_takes_each_token_from_its_most_central_window(
    tiny_tokenizer: Any, max_length: int, stride: int
) -> None:
    doc = _resume(2500, seed=3)
    windows = encode_document(tiny_tokenizer, doc, max_length, stride)
    n_tokens = windows[-1].token_end
    rows = _edge_damaged_predictions(windows, n_tokens, stride)
    shuffled = list(range(len(windows)))
    random.Random(0).shuffle(shuffled)
    merged = merge_window_predictions([windows[i] for i in shuffled], [rows[i] for i in shuffled])
    assert merged.doc_id == doc.id and len(merged.labels) == n_tokens
    assert "B-WRONG" not in merged.labels
    ones = [1.0] * len(merged.labels)
    decoded = decode_with_scores(merged.labels, merged.offsets, ones, merged.word_ids, doc.text)
    assert [scored.span for scored in decoded] == list(doc.spans)
    # Without the merge rule (last window wins) the damage shows.
    if stride >= 2:
        last_wins: dict[int, str] = {}
        for window, row in zip(windows, rows, strict=True):
            for p in range(window.token_end - window.token_start):
                last_wins[window.token_start + p] = row[window.content_start + p]
        assert "B-WRONG" in last_wins.values()


def test_merge_ties_go_to_the_earlier_window(tiny_tokenizer: Any) -> None:
    doc = _resume(400, seed=4)
    windows = encode_document(tiny_tokenizer, doc, 12, 3)
    labels = [[f"w{w.index}"] * len(w) for w in windows]
    merged = merge_window_predictions(windows, labels)
    # Windows hold 10 content tokens and start every 7: tokens 7-9 are shared. Token 8 is 1
    # from window 0's end and 1 from window 1's start: a tie, so window 0 wins.
    assert (windows[1].token_start, windows[1].token_end) == (7, 17)
    assert merged.labels[7:10] == ("w0", "w0", "w1")


def test_merge_accepts_padded_rows_and_rejects_bad_input(tiny_tokenizer: Any) -> None:
    windows = encode_document(tiny_tokenizer, _resume(300, seed=5), 16, 3)
    padded = [["O"] * (len(w) + 4) for w in windows]
    assert set(merge_window_predictions(windows, padded).labels) == {"O"}
    with pytest.raises(ValueError, match="no windows to merge"):
        merge_window_predictions([], [])
    with pytest.raises(ValueError, match=f"2 predictions rows for {len(windows)} windows"):
        merge_window_predictions(windows, padded[:2])
    short = [*padded[:-1], ["O"]]
    with pytest.raises(ValueError, match=f"has {len(windows[-1])} positions but 1 predictions"):
        merge_window_predictions(windows, short)
    other = encode_document(tiny_tokenizer, Document("other", "java"), 16, 3)
    with pytest.raises(ValueError, match="windows of several documents cannot be merged"):
        merge_window_predictions([windows[0], other[0]], [padded[0], ["O"] * 3])
    with pytest.raises(ValueError, match="are in no window"):
        merge_window_predictions(windows[1:], padded[1:])


# ---------------------------------------------------------------- real data speed


def _dataturks(path: Path) -> list[Document]:
    documents = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        spans = []
        for annotation in record.get("annotation") or []:
            for point in annotation["points"]:
                if annotation["label"] and point["end"] >= point["start"]:
                    spans.append(Span(point["start"], point["end"] + 1, annotation["label"][0]))
        documents.append(Document(f"dt-{number}", record["content"], tuple(spans)))
    return documents


def test_dataturks_windows_in_well_under_five_seconds(
    shared_data: Path, backbone_tokenizer: Any
) -> None:
    started = time.perf_counter()
    documents = _dataturks(shared_data / "dataturks" / "traindata.jsonl")
    encoded = encode_documents(backbone_tokenizer, documents, max_length=256, stride=64)
    elapsed = time.perf_counter() - started
    assert len(documents) == 200 and len(encoded) == 200
    assert sum(map(len, encoded)) > 400
    assert elapsed < 5.0, f"loading and windowing 200 resumes took {elapsed:.2f} s"
