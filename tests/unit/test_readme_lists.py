"""README.md's table of list filters and sorts is what the code's ListSpecs declare."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "gen_readme_lists.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_readme_lists", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_lists_every_list_endpoint_as_the_code_declares_it() -> None:
    gen = load()
    specs = gen.list_specs()
    # Every list endpoint with filters is tied to its ListSpec (the nested ones too).
    for endpoint in (
        "GET /v3/vendors",
        "GET /v3/bills",
        "GET /v3/payments",
        "GET /v3/documents/bills/{billId}",
    ):
        assert endpoint in specs, sorted(specs)
    assert "`vendorId` eq in" in gen.table({"GET /v3/bills": specs["GET /v3/bills"]})
    readme = gen.README.read_text()
    assert gen.render(readme, specs) == readme, "README.md's list table drifted: run `make readme-lists`"
