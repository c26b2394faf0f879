"""The command starts with the garbage collector paused; the started app resumes it."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bill_sandbox import gcpause
from bill_sandbox.app import create_app
from bill_sandbox.settings import Settings


@pytest.mark.inprocess
def test_the_started_app_resumes_a_paused_collector(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, background=False))
    gcpause.pause()
    try:
        assert not gc.isenabled()
        with TestClient(app) as client:
            assert gc.isenabled() and gc.get_freeze_count() > 0
            assert client.get("/connect/v3/health").status_code == 200
    finally:
        gc.enable()
        gc.unfreeze()


def test_resume_without_pause_changes_nothing() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    gcpause.resume()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_the_command_pauses_it_and_importing_the_package_does_not() -> None:
    code = (
        "import gc, bill_sandbox.cli, bill_sandbox.app; print(gc.isenabled())\n"
        "import bill_sandbox.entry; print(gc.isenabled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]
