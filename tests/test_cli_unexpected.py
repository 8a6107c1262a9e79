"""A bug inside a command is one line and exit code 1; VNRESTORE_DEBUG=1 shows the traceback."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from vnrestore import cli
from vnrestore.errors import ExitCode


@click.command()
def broken() -> None:
    {}["missing"]


@pytest.fixture
def with_broken_command(monkeypatch):
    monkeypatch.setitem(cli.COMMANDS, "broken", (__name__, "broken", "always fails"))


def test_unexpected_error_is_one_line(with_broken_command, monkeypatch) -> None:
    monkeypatch.delenv("VNRESTORE_DEBUG", raising=False)
    result = CliRunner().invoke(cli.main, ["broken"])
    assert result.exit_code == int(ExitCode.unexpected)
    assert result.output.strip().splitlines() == [
        "vnrestore: unexpected error: KeyError: 'missing' (VNRESTORE_DEBUG=1 shows the traceback; please report it)"
    ]


def test_debug_lets_the_traceback_through(with_broken_command, monkeypatch) -> None:
    monkeypatch.setenv("VNRESTORE_DEBUG", "1")
    result = CliRunner().invoke(cli.main, ["broken"])
    assert result.exit_code == 1 and isinstance(result.exception, KeyError)


def test_usage_errors_keep_their_code() -> None:
    result = CliRunner().invoke(cli.main, ["ocr"])
    assert result.exit_code == int(ExitCode.usage) and "Missing argument" in result.output
