"""A real ``bill-sandbox serve`` killed with SIGKILL while webhook deliveries are in flight and
retrying: after a restart on the same data dir, every event is delivered at least once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bill_sandbox import events
from bill_sandbox.context import system_context
from bill_sandbox.db import Database
from bill_sandbox.resources import registry  # noqa: F401  (every model)
from bill_sandbox.settings import Settings
from bill_sandbox.testing import LiveServer
from support.webhook_receiver import Receiver

pytestmark = pytest.mark.e2e
ENV = {
    "BILL_SANDBOX_ARGON2_TIME_COST": "1",
    "BILL_SANDBOX_ARGON2_MEMORY_KIB": "1024",
    "BILL_SANDBOX_WEBHOOK_RETRY_DIVISOR": "4",  # retries after 0.5, 1, 2, 4 s
    "BILL_SANDBOX_WEBHOOK_LEASE_SECONDS": "11",
}


def test_deliveries_survive_kill_9(tmp_path: Path) -> None:
    receiver = Receiver()
    server = LiveServer(data_dir=tmp_path, env=ENV, startup_timeout=60)
    try:
        server.start()
        creds = server.credentials
        session = httpx.post(server.base_url + "/v3/login", json=server.login_body()).json()["sessionId"]
        headers = {"devKey": creds["devKey"], "sessionId": session}
        r = httpx.post(
            server.origin + "/connect-events/v3/subscriptions",
            headers={**headers, "X-Idempotent-Key": "crash"},
            json={
                "name": "crash",
                "status": {"enabled": True},
                "events": [{"type": "vendor.created", "version": "1"}],
                "notificationUrl": receiver.url,
            },
        )
        assert r.status_code == 200, r.text
        sub = r.json()

        receiver.always_fail = True
        receiver.hang = 1.5  # every answer is slow and a failure
        db = Database(f"sqlite:///{tmp_path / 'sandbox.db'}")
        ids: list[str] = []
        with db.transaction() as tx:
            ctx = system_context(tx, creds["orgId"], Settings(data_dir=tmp_path))
            for n in range(5):
                ids.append(
                    events.record(ctx, "vendor.created", {"id": f"00901CRASH{n:010d}", "name": f"V{n}"})
                )
        db.close()

        # the first attempts fail, the retries are sent and hang: kill the server mid-send
        receiver.wait_for(lambda rs: len(rs) >= 5, timeout=20, what="first attempts")
        time.sleep(1.0)
        assert server.process is not None
        server.process.kill()
        server.process.wait()
        server.stop()

        receiver.always_fail = False
        receiver.hang = 0.0
        server.start()  # same data dir: leases expire, deliveries are claimed again

        def delivered() -> set[str]:
            return {r.event_id for r in receiver.received() if r.answered == 200}

        receiver.wait_for(lambda _: delivered() >= set(ids), timeout=60, what="every event delivered")
        assert all(r.signed_with(sub["securityKey"]) for r in receiver.received())
        status = httpx.get(
            f"{server.origin}/connect-events/v3/subscriptions/{sub['id']}", headers=headers
        ).json()["status"]
        assert status["enabled"] is True

        # the CLI reads the same control plane
        shown = subprocess.run(
            [sys.executable, "-m", "bill_sandbox.cli", "events", "--url", server.origin, "--limit", "50"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
            env={**os.environ, "COLUMNS": "250"},
        ).stdout
        assert "Recent events" in shown and "Recent delivery attempts" in shown and "vendor" in shown
    finally:
        server.stop()
        receiver.close()
