"""``<mount>/docs``: the interactive API reference ("Try it out"), served entirely by us.

Swagger UI's files come from the ``swagger-ui-bundle`` PyPI package (no CDN: the page works
offline); ``static/docs.js`` adds session handling: it keeps the ``sessionId`` of the last
API login (and the ``devKey`` of its body) and sends them with later calls whose header
fields were left empty. The page loads ``<mount>/docs/openapi.json``, a variant of the served
spec without Postman's ``{{...}}`` placeholders, whose API login body is pre-filled with the
default account of the data dir (it is a local sandbox).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from bill_sandbox import examples, openapi
from bill_sandbox.accounts.bootstrap import ENV_FILE, read_environment
from bill_sandbox.jsonio import respond
from bill_sandbox.settings import Settings
from bill_sandbox.urls import origin

STATIC_DIR = Path(__file__).resolve().parent / "static"

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · bill-sandbox</title>
<link rel="icon" type="image/png" href="{base}/docs/static/favicon-32x32.png">
<link rel="stylesheet" href="{base}/docs/static/swagger-ui.css">
<style>
  body {{ margin: 0; }}
  .bill-sandbox-bar {{ font: 14px/1.4 sans-serif; padding: 8px 20px; background: #1b1b1b; color: #fafafa;
    display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }}
  .bill-sandbox-bar code {{ background: #333; padding: 1px 4px; border-radius: 3px; }}
  .bill-sandbox-bar button {{ font: inherit; cursor: pointer; }}
</style>
</head>
<body>
<div id="bill-sandbox-session" class="bill-sandbox-bar" role="status"></div>
<div id="swagger-ui"></div>
<script src="{base}/docs/static/swagger-ui-bundle.js"></script>
<script src="{base}/docs/sandbox/docs.js"></script>
<script>billSandboxDocs({config});</script>
</body>
</html>
"""


def _base_path(request: Request, settings: Settings) -> str:
    """Path-absolute base of the mount as the browser sees it (X-Forwarded-Prefix included)."""
    return urlsplit(origin(request, settings)).path.rstrip("/") + openapi.mount_path(request)


def login_values(settings: Settings) -> dict[str, str]:
    """The default account's credentials from the data dir's Postman environment, if any."""
    return read_environment(settings.data_dir / ENV_FILE)


def install(api: FastAPI) -> None:
    """Serve ``/docs``, ``/docs/openapi.json`` and the page's files on ``api``."""

    async def docs_page(request: Request) -> Response:
        settings: Settings = request.app.state.settings
        base = _base_path(request, settings)
        config: dict[str, Any] = {"specUrl": f"{base}/docs/openapi.json", "domId": "#swagger-ui"}
        # Collection path -> the variable its creates fill ({{vendorId}} in later examples).
        config["idVariables"] = examples.collection_ids(openapi.cached(api))
        dev_key = login_values(settings).get("devKey")
        if dev_key:
            config["devKey"] = dev_key
        script_config = json.dumps(config).replace("</", "<\\/")
        page = _PAGE.format(title=html.escape(api.title), base=html.escape(base), config=script_config)
        return HTMLResponse(page)

    async def docs_spec(request: Request) -> Response:
        settings: Settings = request.app.state.settings
        mfa_code = settings.mfa_code if settings.mfa_code != "random" else examples.DEFAULT_MFA_CODE
        doc = openapi.docs_variant(
            openapi.cached(api),
            _base_path(request, settings) or "/",
            login_values(settings),
            examples.variable_values(mfa_code=mfa_code),
        )
        return respond(doc)

    api.add_api_route("/docs", docs_page, methods=["GET"], include_in_schema=False)
    api.add_api_route("/docs/openapi.json", docs_spec, methods=["GET"], include_in_schema=False)
    api.mount("/docs/static", StaticFiles(directory=swagger_ui_path), name="swagger-ui")
    api.mount("/docs/sandbox", StaticFiles(directory=STATIC_DIR), name="docs-sandbox")
