"""Choices shared by several commands, kept here so ``--help`` needs no model import."""

from __future__ import annotations

#: the restorer's modes (``vnrestore.restore.api.Restorer.MODES`` and ``LINE_MODES``)
RESTORE_MODES = ("auto", "stripped", "garbled")
#: the input name that stands for standard input
STDIN = "-"
