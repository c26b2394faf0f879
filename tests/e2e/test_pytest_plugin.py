"""The pytest plugin that ships with the package (``bill_sandbox.testing.plugin``): these
tests use its fixtures exactly as a user's suite would, with no conftest of their own."""

from __future__ import annotations

import pytest

from bill_sandbox.testing.plugin import BillClient, SandboxServer

pytestmark = pytest.mark.e2e


def test_bill_client_is_logged_in_to_a_fresh_organization(bill_client: BillClient) -> None:
    created = bill_client.post("/v3/customers", json={"name": "Plugin Co", "email": "p@example.com"})
    assert created.status_code == 201, created.text
    listed = bill_client.get("/v3/customers").json()["results"]
    assert [c["id"] for c in listed] == [created.json()["id"]]  # nothing from other tests
    assert bill_client.organization_id == bill_client.credentials["organizationId"]


def test_each_test_gets_its_own_organization(bill_client: BillClient, bill_sandbox: SandboxServer) -> None:
    other = bill_sandbox.signup()
    assert other["organizationId"] != bill_client.organization_id
    assert bill_client.get("/v3/customers").json()["results"] == []


def test_moving_the_clock_of_one_organization(bill_client: BillClient, bill_sandbox: SandboxServer) -> None:
    before = bill_sandbox.clock(bill_client.organization_id)["now"]
    moved = bill_sandbox.advance(bill_client.organization_id, days=3)
    assert moved["now"][:10] > before[:10]
    # 3 days idle: BILL would have expired the session, and so does the sandbox.
    r = bill_client.get("/v3/customers")
    assert r.status_code == 401 and r.json()[0]["code"] == "BDC_1109"


USER_SUITE = """
def test_one(bill_client):
    assert bill_client.post("/v3/customers", json={"name": "A", "email": "a@example.com"}).status_code == 201
    assert len(bill_client.get("/v3/customers").json()["results"]) == 1

def test_two(bill_client):
    assert bill_client.get("/v3/customers").json()["results"] == []

def test_three(bill_client, bill_sandbox):
    assert bill_sandbox.advance(bill_client.organization_id, hours=1)["advancedSeconds"] == 3600
"""


def test_the_fixtures_work_under_xdist(pytester: pytest.Pytester) -> None:
    """A user's suite with no conftest, run with ``-n 2``: each worker starts its own server."""
    pytester.makepyfile(test_user_suite=USER_SUITE)
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)
