"""Regenerate ``src/bill_sandbox/postman/collection.json`` (``make postman-collection``).

Runs Postman's converter (npm ``openapi-to-postmanv2``, ``make e2e-deps``) on the live
``/connect/openapi.json`` and writes its normalized output, which the package ships so that
``bill-sandbox postman`` works without Node. Commit the result; ``tests/unit/test_examples.py``
and ``tests/e2e/test_postman.py`` fail when it drifts from the spec.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from bill_sandbox import postman
from bill_sandbox.settings import Settings


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bill-sandbox-gen-") as tmp:
        settings = Settings(data_dir=Path(tmp), background=False)
        collection = postman.generate(settings)
    text = json.dumps(collection, indent=1, sort_keys=True) + "\n"
    postman.PACKAGED.write_text(text)
    print(f"wrote {postman.PACKAGED} ({len(text) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
