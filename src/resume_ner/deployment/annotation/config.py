"""The Label Studio labelling config whose names match the pre-annotations' results."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

FROM_NAME = "label"
"""Name of the ``<Labels>`` control; the ``from_name`` of every pre-annotation result."""
TO_NAME = "text"
"""Name of the ``<Text>`` object and the task data key; the results' ``to_name``."""


def label_studio_config(labels: Iterable[str]) -> str:
    """The ``<View>`` XML: one ``<Label>`` per label (in order, each once) over ``$text``.

    Raises:
        ValueError: If no label is given or a label is blank.
    """
    names = list(dict.fromkeys(labels))
    if not names:
        raise ValueError("a labelling config needs at least one label")
    if any(not name.strip() for name in names):
        raise ValueError("labels must not be blank")
    lines = [
        "<View>",
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">',
        *(f"    <Label value={quoteattr(name)}/>" for name in names),
        "  </Labels>",
        f'  <Text name="{TO_NAME}" value="${TO_NAME}"/>',
        "</View>",
    ]
    return "\n".join(lines) + "\n"
