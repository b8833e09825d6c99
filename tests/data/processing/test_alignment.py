"""Span <-> BIO alignment: encoding rules, decoding with repair, scores, constrained decoding."""

from __future__ import annotations

import itertools
import math
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resume_ner.data.loaders.document import Span
from resume_ner.data.processing import (
    constrained_decode,
    decode_with_scores,
    encode_spans,
    split_tag,
)


def tokenize(tokenizer: Any, text: str, special: bool = False) -> tuple[list[Any], list[Any]]:
    encoded = tokenizer(text, add_special_tokens=special, return_offsets_mapping=True)
    return [tuple(o) for o in encoded["offset_mapping"]], encoded.word_ids()


def tokens(tokenizer: Any, text: str) -> list[str]:
    return tokenizer(text, add_special_tokens=False).tokens()


def decode_tags(
    tags: list[Any], offsets: list[Any], word_ids: Any = None, text: str | None = None
) -> list[Span]:
    scored = decode_with_scores(tags, offsets, [1.0] * len(tags), word_ids, text)
    return [span.span for span in scored]


# ---------------------------------------------------------------- split_tag


def test_split_tag_parses_bio_tags() -> None:
    assert split_tag("O") == ("O", None)
    assert split_tag("B-SKILL") == ("B", "SKILL")
    assert split_tag("I-YEARS-OF-EXPERIENCE") == ("I", "YEARS-OF-EXPERIENCE")


@pytest.mark.parametrize("tag", ["", "B", "B-", "X-NAME", "NAME", "o"])
def test_split_tag_rejects_malformed_tags(tag: str) -> None:
    with pytest.raises(ValueError, match=f"invalid BIO tag {tag!r}"):
        split_tag(tag)


# ---------------------------------------------------------------- encode_spans


def test_encode_first_subtoken_only(tiny_tokenizer: Any) -> None:
    text = "John Smithers codes Python"
    offsets, word_ids = tokenize(tiny_tokenizer, text)
    assert tokens(tiny_tokenizer, text) == [
        "john",
        "smith",
        "##er",
        "##s",
        "c",
        "##o",
        "##d",
        "##e",
        "##s",
        "python",
    ]
    spans = [Span(0, 13, "NAME"), Span(20, 26, "SKILL")]
    tags = encode_spans(spans, offsets, word_ids)
    assert tags == ["B-NAME", "I-NAME", None, None, "O", None, None, None, None, "B-SKILL"]


def test_encode_all_subtokens(tiny_tokenizer: Any) -> None:
    text = "John Smithers codes Python"
    offsets, word_ids = tokenize(tiny_tokenizer, text)
    tags = encode_spans([Span(0, 13, "NAME")], offsets, word_ids, label_all_subtokens=True)
    assert tags == ["B-NAME", "I-NAME", "I-NAME", "I-NAME", "O", "O", "O", "O", "O", "O"]


def test_special_tokens_get_no_tag(tiny_tokenizer: Any) -> None:
    offsets, word_ids = tokenize(tiny_tokenizer, "John codes", special=True)
    assert offsets[0] == (0, 0) and word_ids[0] is None
    tags = encode_spans([Span(0, 4, "NAME")], offsets, word_ids, label_all_subtokens=True)
    assert tags[0] is None and tags[-1] is None
    assert tags[1:-1] == ["B-NAME", "O", "O", "O", "O", "O"]


def test_word_partly_inside_a_span_belongs_to_it_wholly(tiny_tokenizer: Any) -> None:
    text = "Smithers codes"
    offsets, word_ids = tokenize(tiny_tokenizer, text)
    # The span starts inside "Smithers" (at "thers"): the whole word is the entity.
    tags = encode_spans([Span(3, 8, "NAME")], offsets, word_ids, label_all_subtokens=True)
    assert tags[:3] == ["B-NAME", "I-NAME", "I-NAME"]
    assert decode_tags(tags, offsets, word_ids) == [Span(0, 8, "NAME")]


def test_adjacent_spans_with_the_same_label_stay_apart(tiny_tokenizer: Any) -> None:
    text = "python java data"
    offsets, word_ids = tokenize(tiny_tokenizer, text)
    spans = [Span(0, 6, "SKILL"), Span(7, 11, "SKILL"), Span(12, 16, "SKILL")]
    assert encode_spans(spans, offsets, word_ids) == ["B-SKILL", "B-SKILL", "B-SKILL"]
    assert decode_tags(encode_spans(spans, offsets, word_ids), offsets, word_ids) == spans


def test_overlapping_spans_largest_overlap_wins_ties_to_earlier(tiny_tokenizer: Any) -> None:
    text = "google data engineer"
    offsets, word_ids = tokenize(tiny_tokenizer, text)
    spans = [Span(0, 11, "COMPANY"), Span(7, 20, "DESIGNATION")]
    # "data" (7-11) overlaps both by 4 characters: the earlier span wins.
    assert encode_spans(spans, offsets, word_ids) == ["B-COMPANY", "I-COMPANY", "B-DESIGNATION"]
    spans = [Span(0, 8, "COMPANY"), Span(7, 20, "DESIGNATION")]
    assert encode_spans(spans, offsets, word_ids) == ["B-COMPANY", "B-DESIGNATION", "I-DESIGNATION"]


def test_empty_span_tags_nothing_and_no_word_ids_means_token_words(tiny_tokenizer: Any) -> None:
    offsets, _ = tokenize(tiny_tokenizer, "Smithers")
    assert encode_spans([Span(2, 2, "NAME")], offsets, None) == ["O", "O", "O"]
    assert encode_spans([Span(0, 8, "NAME")], offsets, None) == ["B-NAME", "I-NAME", "I-NAME"]


def test_encode_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="1 word ids for 2 token offsets"):
        encode_spans([], [(0, 1), (1, 2)], [0])


# ---------------------------------------------------------------- decoding


def test_decode_spans_are_exact_to_the_character() -> None:
    offsets = [(0, 4), (5, 10), (11, 13), (14, 20)]
    tags = ["B-NAME", "I-NAME", "O", "B-SKILL"]
    assert decode_tags(tags, offsets) == [Span(0, 10, "NAME"), Span(14, 20, "SKILL")]


def test_decode_repairs_orphan_inside_tags() -> None:
    offsets = [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11)]
    # I-X after O starts an entity; I-Y after B-X starts a new Y entity; I-X after I-X continues.
    tags = ["I-A", "I-A", "O", "I-A", "I-B", "I-B"]
    assert decode_tags(tags, offsets) == [Span(0, 3, "A"), Span(6, 7, "A"), Span(8, 11, "B")]
    assert decode_tags(["B-A", "B-A", "I-A"], offsets[:3]) == [Span(0, 1, "A"), Span(2, 5, "A")]


def test_decode_word_level_extends_over_later_subtokens() -> None:
    offsets = [(0, 4), (4, 7), (8, 10), (10, 12)]
    word_ids = [0, 0, 1, 1]
    # Later sub-tokens follow their word's first sub-token whatever their own tags say.
    assert decode_tags(["B-N", None, "O", None], offsets, word_ids) == [Span(0, 7, "N")]
    assert decode_tags(["B-N", "O", "I-N", "O"], offsets, word_ids) == [Span(0, 12, "N")]
    assert decode_tags(["O", "B-N", "B-N", None], offsets, word_ids) == [Span(8, 12, "N")]


def test_decode_skips_special_tokens_and_none_tags() -> None:
    offsets = [(0, 0), (0, 4), (5, 9), (0, 0)]
    word_ids = [None, 0, 1, None]
    tags = [None, "B-N", "I-N", None]
    assert decode_tags(tags, offsets, word_ids) == [Span(0, 9, "N")]
    assert decode_tags(["O", "B-N", "I-N", "O"], offsets) == [Span(0, 9, "N")]


def test_decode_trims_whitespace_when_text_is_given() -> None:
    text = "  Ann  Lee "
    offsets = [(0, 5), (5, 10)]
    assert decode_tags(["B-N", "I-N"], offsets) == [Span(0, 10, "N")]
    assert decode_tags(["B-N", "I-N"], offsets, text=text) == [Span(2, 10, "N")]
    assert decode_tags(["B-N", "O"], [(0, 2), (2, 3)], text="  x") == []


def test_decode_errors_name_the_problem() -> None:
    with pytest.raises(ValueError, match="length mismatch: 2 tags, 1 offsets"):
        decode_tags(["O", "O"], [(0, 1)])
    with pytest.raises(ValueError, match="token offsets reach 9, past the end of the text \\(3\\)"):
        decode_tags(["B-N"], [(0, 9)], text="abc")
    with pytest.raises(ValueError, match="invalid BIO tag 'NAME'"):
        decode_tags(["NAME"], [(0, 1)])


def test_decode_with_scores_averages_tagged_tokens() -> None:
    offsets = [(0, 4), (4, 6), (7, 9), (10, 12)]
    word_ids = [0, 0, 1, 2]
    tags = ["B-N", None, "I-N", "B-S"]
    scored = decode_with_scores(tags, offsets, [0.9, 0.1, 0.7, 0.5], word_ids)
    assert [s.span for s in scored] == [Span(0, 9, "N"), Span(10, 12, "S")]
    assert scored[0].score == pytest.approx(0.8)
    assert scored[1].score == pytest.approx(0.5)
    with pytest.raises(ValueError, match="4 tags, 3 scores"):
        decode_with_scores(tags, offsets, [0.1, 0.2, 0.3])


# ---------------------------------------------------------------- constrained_decode

LABELS = ["O", "B-A", "I-A", "B-B", "I-B"]


def _valid(path: tuple[str, ...]) -> bool:
    previous = "O"
    for tag in path:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            return False
        previous = tag
    return True


def test_constrained_decode_forbids_invalid_transitions() -> None:
    log = math.log
    # Argmax is I-A, I-A, I-B: the start and the last step are invalid.
    rows = [
        [log(0.05), log(0.3), log(0.6), log(0.025), log(0.025)],
        [log(0.1), log(0.1), log(0.7), log(0.05), log(0.05)],
        [log(0.05), log(0.05), log(0.05), log(0.3), log(0.55)],
    ]
    path = constrained_decode(rows, LABELS)
    assert _valid(tuple(path))
    assert path == ["B-A", "I-A", "B-B"]


def test_constrained_decode_matches_brute_force() -> None:
    rng = random.Random(7)
    id2label = dict(enumerate(LABELS))
    for _ in range(30):
        n = rng.randint(1, 5)
        rows = [[rng.gauss(0, 2) for _ in LABELS] for _ in range(n)]
        best = max(
            (
                p
                for p in itertools.product(range(len(LABELS)), repeat=n)
                if _valid(tuple(LABELS[j] for j in p))
            ),
            key=lambda p: sum(rows[t][j] for t, j in enumerate(p)),
        )
        assert constrained_decode(rows, id2label) == [LABELS[j] for j in best]


def test_constrained_decode_edge_cases() -> None:
    assert constrained_decode([], LABELS) == []
    assert constrained_decode([[-math.inf, 0.0, math.inf, -1.0, -1.0]], LABELS) == ["B-A"]
    with pytest.raises(ValueError, match="id2label has 5 labels for 3 score columns"):
        constrained_decode([[0.0, 0.0, 0.0]], LABELS)
    with pytest.raises(ValueError, match="id2label has 2 labels for 3 score columns"):
        constrained_decode([[0.0, 0.0, 0.0]], {0: "O", 2: "B-A"})
    with pytest.raises(ValueError, match=r"2 labels for 2 score columns \(ids must be 0..1\)"):
        constrained_decode([[0.0, 0.0]], {0: "O", 2: "B-A"})
    with pytest.raises(ValueError, match="log_probs must be n_tokens x n_labels"):
        constrained_decode([0.0, 1.0], LABELS)
    with pytest.raises(ValueError, match="invalid BIO tag 'A'"):
        constrained_decode([[0.0, 0.0]], ["O", "A"])


# ---------------------------------------------------------------- round trip

WORDS = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzJOHN0123456789.@-/+#é"),
    min_size=1,
    max_size=12,
)
SEPARATORS = st.sampled_from([" ", "  ", "\n", " \n\t", ", ", " - "])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[Span]]:
    words = draw(st.lists(WORDS, min_size=1, max_size=25))
    seps = draw(st.lists(SEPARATORS, min_size=len(words), max_size=len(words)))
    bounds, text = [], ""
    for word, sep in zip(words, seps, strict=True):
        bounds.append((len(text), len(text) + len(word)))
        text += word + sep
    spans, i = [], 0
    while i < len(words):
        if draw(st.booleans()):
            length = draw(st.integers(1, min(4, len(words) - i)))
            label = draw(st.sampled_from(["NAME", "SKILL", "COMPANY"]))
            spans.append(Span(bounds[i][0], bounds[i + length - 1][1], label))
            i += length
        else:
            i += 1
    return text, spans


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.booleans())
def test_round_trip_word_aligned_spans(
    tiny_tokenizer: Any, doc: tuple[str, list[Span]], all_subtokens: bool
) -> None:
    text, spans = doc
    offsets, word_ids = tokenize(tiny_tokenizer, text, special=True)
    tags = encode_spans(spans, offsets, word_ids, label_all_subtokens=all_subtokens)
    assert decode_tags(tags, offsets, word_ids, text=text) == spans
    if all_subtokens:
        # Every sub-token carries a tag, so token-level decoding agrees too.
        assert decode_tags(tags, offsets, None, text=text) == spans


def test_round_trip_with_the_backbone_tokenizer(backbone_tokenizer: Any) -> None:
    text = (
        "Jane Q. Doe\njane.doe@example.com | +1 (555) 010-2030\n"
        "Senior Data Engineer at Microsoft Corporation, Hyderabad\n"
        "Skills: PySpark, TensorFlow, C++, Kubernetes\nB.Tech 2016"
    )
    spans = []
    for part, label in [
        ("Jane Q. Doe", "NAME"),
        ("jane.doe@example.com", "EMAIL"),
        ("Senior Data Engineer", "DESIGNATION"),
        ("Microsoft Corporation", "COMPANY"),
        ("Hyderabad", "LOCATION"),
        ("PySpark", "SKILL"),
        ("TensorFlow", "SKILL"),
        ("C++", "SKILL"),
        ("B.Tech", "DEGREE"),
        ("2016", "GRADUATION_YEAR"),
    ]:
        start = text.index(part)
        spans.append(Span(start, start + len(part), label))
    spans.sort()
    offsets, word_ids = tokenize(backbone_tokenizer, text, special=True)
    for all_subtokens in (False, True):
        tags = encode_spans(spans, offsets, word_ids, label_all_subtokens=all_subtokens)
        assert decode_tags(tags, offsets, word_ids, text=text) == spans
