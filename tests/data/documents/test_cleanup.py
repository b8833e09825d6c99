"""Page clean-up before OCR: skew measured and straightened, speckle found and filtered."""

from __future__ import annotations

import pytest

from resume_ner.data.documents.cleanup import _ink, clean_page, skew_angle, speckle_share
from resume_ner.testing.page_images import render_text_image

TEXT = "Jane Doe\nData Engineer at Acme Corp\njane.doe@example.com\nSkills: Python, SQL, Docker"


@pytest.mark.parametrize("turned", [-3.0, 2.0, 4.5])
def test_the_skew_is_measured_from_the_ink(turned: float) -> None:
    page = render_text_image(TEXT * 3, dpi=100, rotate=turned)
    assert skew_angle(_ink(page)) == pytest.approx(-turned, abs=0.5)


def test_a_straight_clean_page_passes_through_unchanged() -> None:
    page = render_text_image(TEXT, dpi=100)
    assert speckle_share(_ink(page)) < 0.05  # dots of i and j, full stops
    assert clean_page(page) is page


def test_speckle_is_found_and_filtered() -> None:
    noisy = render_text_image(TEXT, dpi=100, noise=0.05, seed=1)
    assert speckle_share(_ink(noisy)) > 0.1
    assert speckle_share(_ink(clean_page(noisy))) < 0.05


def test_a_turned_page_is_straightened() -> None:
    page = render_text_image(TEXT * 3, dpi=100, rotate=3.0)
    straightened = clean_page(page)
    assert straightened is not page
    assert abs(skew_angle(_ink(straightened))) <= 0.5
