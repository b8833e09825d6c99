"""Readers for native JSON/JSONL, DataTurks, Doccano, Label Studio and CoNLL into one Document type.

Loaders check types and structure only (a bad type or missing field raises
:class:`DataFormatError` naming the file, line or record, and field); range problems such as
offsets past the end of the text are left to ``data.processing.validation``, which drops and
counts them. Add a format with :func:`register_loader`.
"""

from resume_ner.data.loaders.conll import read_conll
from resume_ner.data.loaders.conll_writer import ConllAlignmentError, write_conll
from resume_ner.data.loaders.convert import convert
from resume_ner.data.loaders.dataturks import read_dataturks
from resume_ner.data.loaders.doccano import read_doccano
from resume_ner.data.loaders.document import Document, Span
from resume_ner.data.loaders.errors import DataFormatError
from resume_ner.data.loaders.label_studio import read_label_studio
from resume_ner.data.loaders.native import read_native, write_native
from resume_ner.data.loaders.registry import (
    Peek,
    detect_format,
    load_documents,
    register_loader,
)

__all__ = [
    "ConllAlignmentError",
    "DataFormatError",
    "Document",
    "Peek",
    "Span",
    "convert",
    "detect_format",
    "load_documents",
    "read_conll",
    "read_dataturks",
    "read_doccano",
    "read_label_studio",
    "read_native",
    "register_loader",
    "write_conll",
    "write_native",
]
