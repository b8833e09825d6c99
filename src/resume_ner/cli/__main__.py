"""``python -m resume_ner.cli``: the same as the ``resume-ner`` console script."""

from resume_ner.cli import main

main()
