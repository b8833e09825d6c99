"""The run report of ``resume-ner run`` and its live progress, in one-way order.

``sections`` (the report's dataclasses) < ``readers`` (stage files -> sections) < ``plots``
< ``markdown`` (``report.md``, rows shared with the terminal) < ``console`` (rich view) and
``run`` (build and write the report); ``progress`` (the live stage board) stands alone.
"""
