"""The ``bill-sandbox`` command: the CLI, imported with the garbage collector paused
(``gcpause``)."""

from __future__ import annotations

from bill_sandbox import gcpause

gcpause.pause()

from bill_sandbox import cli  # noqa: E402


def main() -> None:
    cli.main()
