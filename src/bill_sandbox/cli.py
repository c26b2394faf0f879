"""``bill-sandbox``: serve, signup, reset, postman, events (``--help`` on each)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from bill_sandbox.settings import DEFAULT_PORT, Settings

app = typer.Typer(
    rich_markup_mode=None,  # keep "[env: ...]" hints literal
    help="A local, stateful emulator of BILL's v3 API.",
    no_args_is_help=True,
    add_completion=False,
)

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Where the SQLite file and postman_environment.json live [env: BILL_SANDBOX_DATA_DIR]",
    ),
]
DbUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLAlchemy URL, e.g. postgresql://user@host/db [env: BILL_SANDBOX_DATABASE_URL]",
    ),
]


def _settings(data_dir: Path | None, database_url: str | None, **extra: object) -> Settings:
    overrides: dict[str, object] = {k: v for k, v in extra.items() if v is not None}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    return Settings(**overrides)  # type: ignore[arg-type]


def _open_db(settings: Settings):  # type: ignore[no-untyped-def]
    from bill_sandbox.db import Database
    from bill_sandbox.resources import registry

    registry.install()

    db = Database(settings.resolved_database_url())
    db.migrate()
    db.load_secret()
    return db


def _port_free(host: str, port: int) -> bool:
    """Checked before anything is printed or written: a second ``serve`` on a taken port must
    not rewrite the environment file of the instance that runs there."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _export_env(settings: Settings) -> None:
    """Hand the resolved settings to uvicorn's worker processes."""
    for name, value in settings.model_dump().items():
        if value is not None:
            os.environ[f"BILL_SANDBOX_{name.upper()}"] = str(value)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind [env: BILL_SANDBOX_HOST]")] = None,
    port: Annotated[
        int | None, typer.Option(help=f"Port (default {DEFAULT_PORT}) [env: BILL_SANDBOX_PORT]")
    ] = None,
    data_dir: DataDir = None,
    database_url: DbUrl = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes [env: BILL_SANDBOX_WORKERS]")] = None,
    public_url: Annotated[
        str | None,
        typer.Option("--public-url", help="Base URL announced to clients [env: BILL_SANDBOX_PUBLIC_URL]"),
    ] = None,
    log_level: Annotated[str | None, typer.Option(help="uvicorn log level")] = None,
    limits: Annotated[
        str | None,
        typer.Option(help="off (default) or bill: enforce BILL's request limits [env: BILL_SANDBOX_LIMITS]"),
    ] = None,
    rules: Annotated[
        str | None,
        typer.Option(
            help="production (default: BILL's production-only rules apply) or sandbox (BILL's "
            "sandbox leniency) [env: BILL_SANDBOX_RULES]"
        ),
    ] = None,
) -> None:
    """Start the sandbox. On an empty database, create a developer account and print it."""
    import uvicorn

    from bill_sandbox.accounts.bootstrap import ENV_FILE, ensure_default_account

    settings = _settings(
        data_dir,
        database_url,
        host=host,
        port=port,
        workers=workers,
        public_url=public_url,
        log_level=log_level,
        limits=limits,
        rules=rules,
    )
    if not _port_free(settings.host, settings.port):
        typer.echo(
            f"Port {settings.port} on {settings.host} is already in use (another bill-sandbox?): "
            "choose another with --port.",
            err=True,
        )
        raise typer.Exit(1)
    if settings.limits not in ("off", "bill"):
        raise typer.BadParameter("--limits must be off or bill")
    if settings.rules not in ("production", "sandbox"):
        raise typer.BadParameter("--rules must be production or sandbox")
    db = _open_db(settings)
    creds = ensure_default_account(db, settings)
    db.close()
    rows = [
        ("baseUrl", settings.base_url()),
        ("username", creds.username),
        ("password", creds.password),
        ("devKey", creds.dev_key),
        ("orgId", creds.organization_id),
        ("api_token", creds.api_token),
        *creds.companions.items(),  # the partner account and the second organization
    ]
    # Plain lines (easy to copy; rich's table took ~40 ms of every start to import and draw).
    width = max(len(key) for key, _ in rows)
    typer.echo("BILL Postman environment (bill-sandbox):")
    for key, value in rows:
        typer.echo(f"  {key:<{width}}  {value}")
    typer.echo(f"Written to {settings.data_dir / ENV_FILE}. API docs: {settings.base_url()}/docs")
    typer.echo(
        f"Limits: {settings.limits}"
        + (
            " (BILL's request limits enforced)"
            if settings.limits == "bill"
            else " (BILL's limits not enforced)"
        )
        + f". Rules: {settings.rules}."
    )
    _export_env(settings)
    if settings.workers > 1:
        # This process only supervises; each worker starts (and pauses nothing) on its own.
        from bill_sandbox import gcpause

        gcpause.resume()
    uvicorn.run(
        "bill_sandbox.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers if settings.workers > 1 else None,
        log_level=settings.log_level,
        access_log=False,
        loop="uvloop",
        http="httptools",
    )


@app.command()
def signup(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only")] = False,
    username: Annotated[str | None, typer.Option(help="Defaults to a generated address")] = None,
    password: Annotated[str | None, typer.Option(help="Defaults to a generated password")] = None,
    partner: Annotated[bool, typer.Option("--partner", help="A partner account (prints its appKey)")] = False,
    env_file: Annotated[
        Path | None,
        typer.Option(
            "--env-file",
            help="Also write the credentials to this Postman environment file (a partner's as "
            "partnerUsername, partnerPassword and partnerAppKey, as the collection uses them)",
        ),
    ] = None,
    data_dir: DataDir = None,
    database_url: DbUrl = None,
) -> None:
    """Create another developer account and organization (or a partner account); print its
    credentials."""
    from bill_sandbox.accounts import bootstrap, service
    from bill_sandbox.errors import BillError
    from bill_sandbox.resources.partner import service as partner_service

    settings = _settings(data_dir, database_url)
    db = _open_db(settings)
    try:
        with db.transaction() as tx:
            if partner:
                data: dict[str, str] = {
                    "baseUrl": settings.base_url(),
                    **partner_service.signup(tx, settings, username, password),
                }
                environment = bootstrap.partner_environment(settings.base_url(), data)
            else:
                creds = service.signup(tx, settings, username, password)
                data = creds.as_json(settings.base_url())
                environment = bootstrap.postman_environment(settings.base_url(), creds)
    except BillError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from None
    finally:
        db.close()
    if env_file is not None:
        try:
            bootstrap.write_environment_file(env_file, environment)
        except OSError as exc:
            typer.echo(f"Cannot write {env_file}: {exc.strerror} (the account was created)", err=True)
            raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(data, indent=2))
    else:
        for key, value in data.items():
            typer.echo(f"{key:15} {value}")


@app.command()
def reset(
    organization_id: Annotated[str | None, typer.Option("--org", help="Only this organization")] = None,
    data_dir: DataDir = None,
    database_url: DbUrl = None,
) -> None:
    """Clear data: every organization's, or one's. Accounts and sessions stay."""
    from bill_sandbox.errors import BillError
    from bill_sandbox.sandbox import service

    settings = _settings(data_dir, database_url)
    db = _open_db(settings)
    try:
        with db.transaction() as tx:
            result = service.reset(tx, settings, organization_id)
    except BillError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from None
    finally:
        db.close()
    typer.echo(json.dumps(result))


@app.command()
def postman(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the collection and environment to")],
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="The server's Connect API URL (default: the baseUrl serve wrote to the data dir)",
        ),
    ] = None,
    data_dir: DataDir = None,
    database_url: DbUrl = None,
) -> None:
    """Write a Postman collection and environment, ready for BILL's Postman guide.

    The collection ("Connect API") is made by Postman's own converter from our spec (the copy
    shipped with the package when Node is missing) and runs whole, in order: login first, each
    create saving its id, logout last. The environment holds the default account, and the
    partner account and second organization that the partner and network requests use."""
    from bill_sandbox import postman as exporter
    from bill_sandbox.accounts.bootstrap import ENV_FILE, ensure_default_account, read_environment

    settings = _settings(data_dir, database_url)
    base = base_url or read_environment(settings.data_dir / ENV_FILE).get("baseUrl") or settings.base_url()
    settings = settings.model_copy(update={"public_url": base})  # the data dir's file keeps it too
    db = _open_db(settings)
    try:
        creds = ensure_default_account(db, settings)
    finally:
        db.close()
    collection, environment, source = exporter.export(settings, out, base, creds)
    if source == "packaged":
        typer.echo("(Node or Postman's converter not found: using the collection shipped with the package)")
    typer.echo(f"Collection:  {collection}")
    typer.echo(f"Environment: {environment}")
    typer.echo(
        "In Postman: File > Import both files, pick the bill-sandbox environment, send"
        " v3 > login > API login, then any other request."
    )


@app.command()
def events(
    follow: Annotated[bool, typer.Option("--follow", "-f", help="Keep polling and print new lines")] = False,
    url: Annotated[
        str | None, typer.Option("--url", help="Server origin (default: the configured host and port)")
    ] = None,
    organization_id: Annotated[
        str | None, typer.Option("--organization-id", help="Only this organization")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many recent ones to show first")] = 20,
    interval: Annotated[float, typer.Option(help="Seconds between polls with --follow")] = 0.5,
) -> None:
    """Show outbox events and webhook delivery attempts of a running server (--follow: live)."""
    import time

    import httpx
    from rich.console import Console
    from rich.table import Table

    origin = (url or Settings().base_url().removesuffix("/connect")).rstrip("/")
    console = Console()
    params: dict[str, str | int] = {"limit": max(1, min(limit, 500))}
    if organization_id:
        params["organizationId"] = organization_id

    def fetch(path: str) -> list[dict[str, object]]:
        r = httpx.get(f"{origin}/_sandbox/{path}", params=params, timeout=5)
        r.raise_for_status()
        rows: list[dict[str, object]] = r.json()
        return list(reversed(rows))  # oldest first

    def event_line(e: dict[str, object]) -> str:
        state = "dispatched" if e["dispatched"] else "pending"
        return f"[cyan]event[/]    {e['createdTime']}  {e['type']:<28} {e['entityId']}  {e['id']}  ({state})"

    def attempt_line(a: dict[str, object]) -> str:
        code = int(str(a["statusCode"]))
        color = "green" if code == 200 else "red"
        return (
            f"[{color}]delivery[/] {a['createdTime']}  {a['type']:<28} attempt {a['attempt']} -> "
            f"[{color}]{code or 'no answer'}[/] {a['latencyMs']} ms  sub {a['subscriptionId']}  "
            f"event {a['eventId']}  {str(a['responseBody'])[:60]!r}"
        )

    try:
        evs, attempts = fetch("events"), fetch("deliveries")
    except httpx.HTTPError as err:
        console.print(f"[red]Cannot read {origin}/_sandbox: {err}[/]")
        raise typer.Exit(1) from None
    if not follow:
        for title, rows, columns in (
            ("Recent events", evs, ("createdTime", "type", "entityId", "id", "dispatched")),
            (
                "Recent delivery attempts",
                attempts,
                ("createdTime", "type", "attempt", "statusCode", "latencyMs", "subscriptionId", "eventId"),
            ),
        ):
            table = Table(title=title)
            for column in columns:
                table.add_column(column, no_wrap=True)
            for row in rows:
                table.add_row(*(str(row.get(c, "")) for c in columns))
            console.print(table)
        return
    seen_events = {str(e["id"]) for e in evs}
    seen_attempts = {int(str(a["seq"])) for a in attempts}
    for e in evs:
        console.print(event_line(e))
    for a in attempts:
        console.print(attempt_line(a))
    console.print(f"[dim]following {origin} (Ctrl-C to stop)[/]")
    try:
        while True:
            time.sleep(interval)
            try:
                new_events, new_attempts = fetch("events"), fetch("deliveries")
            except httpx.HTTPError as err:
                console.print(f"[yellow]{err}; retrying[/]")
                continue
            for e in new_events:
                if str(e["id"]) not in seen_events:
                    seen_events.add(str(e["id"]))
                    console.print(event_line(e))
            for a in new_attempts:
                if int(str(a["seq"])) not in seen_attempts:
                    seen_attempts.add(int(str(a["seq"])))
                    console.print(attempt_line(a))
    except KeyboardInterrupt:
        pass


def main() -> None:
    app()


if __name__ == "__main__":
    main()
