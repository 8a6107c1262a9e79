"""The CLI's fixed choices follow the library, so ``--help`` and the library never disagree."""

from __future__ import annotations

from click.testing import CliRunner

from vnrestore.cli import main
from vnrestore.cli.choices import RESTORE_MODES
from vnrestore.restore.api import Restorer


def test_restore_modes_are_the_restorers() -> None:
    assert set(RESTORE_MODES) == set(Restorer.MODES) | set(Restorer.LINE_MODES)


def test_an_unknown_mode_is_a_usage_error() -> None:
    for command in (["restore", "--mode", "bogus"], ["run", "x.pdf", "--out-dir", "out", "--mode", "bogus"]):
        result = CliRunner().invoke(main, command, input="")
        assert result.exit_code == 2, (command, result.output)
        assert "bogus" in result.output
