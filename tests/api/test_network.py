"""The BILL network between real local organizations and the seeded directory (BILL-RULES §5.15,
§5.15b, §7.2, §7.3): search, vendor and customer requests, accept, delete, expiry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bill_sandbox import events
from bill_sandbox.resources.network import service as network
from support.ap import post_ok
from support.api import Api, assert_error
from support.payments import (
    advance_to_day,
    bd,
    bill_and_payment,
    check_vendor,
    get_bill,
    get_payment,
    payer,
    pdate,
    relogin,
)

AUTO = "00801NETAUTO0001auto"
MANUAL = "00801NETMANUAL01mnal"
POWER = "0rv01RPPSPOWER001pwr"


def name_org(api: Api, name: str) -> None:
    address = {"line1": "1 Market St", "city": "San Francisco", "zipOrPostalCode": "94105", "country": "US"}
    r = api.patch(f"/v3/organizations/{api.org_id}", json={"name": name, "address": address})
    assert r.status_code == 200, r.text


def search(api: Api, **params: Any) -> list[dict[str, Any]]:
    r = api.get("/v3/network", params=params)
    assert r.status_code == 200, r.text
    assert set(r.json()) == {"results"}
    out: list[dict[str, Any]] = r.json()["results"]
    return out


def invite(api: Api, kind: str, record_id: str, network_id: str, status: int = 200, **body: Any) -> Any:
    r = api.post(
        f"/v3/network/invitation/{kind}/{record_id}",
        json={"networkId": network_id, "networkType": "BILL", **body},
    )
    assert r.status_code == status, r.text
    return r


def connection(api: Api, kind: str, record_id: str) -> dict[str, Any]:
    r = api.get(f"/v3/network/invitation/{kind}/{record_id}")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


@pytest.fixture
def two_orgs(new_api: Callable[[], Api]) -> tuple[Api, Api]:
    a, b = payer(new_api()), payer(new_api())
    name_org(a, "Alpha Bakery Partners")
    name_org(b, "Bravo Flour Mill")
    return a, b


def test_search_finds_local_organizations_by_their_network_id(two_orgs: tuple[Api, Api]) -> None:
    a, b = two_orgs
    found = search(a, name="Bravo Flour Mill", scope="BILL")
    ids = [r["id"] for r in found]
    assert b.org_id in ids
    hit = next(r for r in found if r["id"] == b.org_id)
    assert hit["type"] == "BILL" and hit["name"] == "Bravo Flour Mill"
    assert hit["addresses"][0]["zipOrPostalCode"] == "94105"
    assert hit["managedBy"]["email"].startswith("d***") and "@" in hit["managedBy"]["email"]
    assert b.org_id in [r["id"] for r in search(a, name="flour", scope="BILL")]  # a whole word, any case
    assert b.org_id not in [r["id"] for r in search(a, name="Flo", scope="BILL")]
    assert a.org_id in [r["id"] for r in search(a, name="Alpha Bakery")]  # its own id too
    # Private organizations are hidden.
    r = a.sandbox("POST", "/network/profile", json={"organizationId": b.org_id, "visibility": "PRIVATE"})
    assert r.status_code == 200 and r.json()["networkId"] == b.org_id
    assert b.org_id not in [r["id"] for r in search(a, name="Bravo Flour Mill", scope="BILL")]


def test_search_directory_and_errors(api: Api) -> None:
    found = search(api, name="Sandbox", scope="BILL")
    assert {AUTO, MANUAL} <= {r["id"] for r in found}
    rpps = search(api, name="power", scope="RPPS")
    assert [r["id"] for r in rpps] == [POWER] and rpps[0]["type"] == "RPPS"
    assert rpps[0]["addresses"][0]["id"]
    assert search(api, name="pow", scope="RPPS", zipOrPostalCode="942")[0]["id"] == POWER
    assert search(api, name="pow", scope="RPPS", zipOrPostalCode="100") == []
    assert search(api, name="pow", scope="RPPS", accountNumber="12") == []
    assert [r["id"] for r in search(api, name="Sandbox Power", networks="BILL,RPPS")] == [POWER]
    assert_error(api.get("/v3/network", params={"scope": "BILL"}), 400, "BDC_1108")
    assert_error(api.get("/v3/network", params={"name": "ab", "scope": "BILL"}), 400, "BDC_1119")
    assert_error(api.get("/v3/network", params={"name": "abc", "scope": "MOON"}), 400, "BDC_1129")


@pytest.mark.inprocess  # listens to an internal event through a monkeypatched reaction
def test_two_organizations_connect_and_pay(
    two_orgs: tuple[Api, Api], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A invites B as its vendor, B accepts; A's vendor is CONNECTED and paid by WALLET; the
    cleared payment arrives in B (``network.payment-received``, for receivables to record)."""
    a, b = two_orgs
    arrived: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setitem(
        events._reactions,  # what receivables register in resources.registry
        network.PAYMENT_RECEIVED,
        [lambda ctx, event: arrived.append((ctx.org_id, event.obj))],
    )
    vendor = check_vendor(a, name="Bravo Flour Mill")
    invite(a, "vendor", vendor["id"], b.org_id)
    assert connection(a, "vendor", vendor["id"]) == {
        "id": vendor["id"],
        "status": "PENDING",
        "networkId": b.org_id,
    }
    assert a.get(f"/v3/vendors/{vendor['id']}").json()["networkStatus"] == "PENDING"
    # B accepts, creating the customer record for A from A's details.
    r = b.post(
        "/v3/network/invitation/accept", json={"networkId": a.org_id, "type": "CUSTOMER", "name": "Alpha"}
    )
    assert r.status_code == 200 and r.content == b"", r.text
    customers = b.get("/v3/customers").json()["results"]
    assert [c["name"] for c in customers] == ["Alpha"]
    assert connection(b, "customer", customers[0]["id"]) == {
        "id": customers[0]["id"],
        "status": "CONNECTED",
        "networkId": a.org_id,
    }
    assert connection(a, "vendor", vendor["id"])["status"] == "CONNECTED"
    got = a.get(f"/v3/vendors/{vendor['id']}").json()
    assert got["networkStatus"] == "CONNECTED" and got["paymentInformation"]["payByType"] == "WALLET"
    # A pays the bill through the network; deleting the connection is refused meanwhile.
    bill, payment = bill_and_payment(a, got, 120)
    assert payment["disbursementType"] == "WALLET"
    assert_error(a.delete(f"/v3/network/invitation/vendor/{vendor['id']}"), 400, "BDC_1119")
    assert_error(b.delete(f"/v3/network/invitation/customer/{customers[0]['id']}"), 400, "BDC_1119")
    advance_to_day(a, bd(pdate(payment), 1))
    relogin(a)
    assert get_payment(a, payment["id"])["singleStatus"] == "CLEARED"
    assert get_bill(a, bill["id"])["paymentStatus"] == "PAID"
    assert len(arrived) == 1
    org_id, received = arrived[0]
    assert org_id == b.org_id
    assert received["customerId"] == customers[0]["id"] and received["payerOrganizationId"] == a.org_id
    assert received["amount"] == 120 and received["payerName"] == "Alpha Bakery Partners"
    assert received["invoices"] == [{"invoiceNumber": bill["invoice"]["invoiceNumber"], "amount": 120}]
    # Once cleared, either side may disconnect; both sides go NOT_CONNECTED.
    r = b.delete(f"/v3/network/invitation/customer/{customers[0]['id']}")
    assert r.status_code == 200 and r.content == b"", r.text
    assert connection(a, "vendor", vendor["id"]) == {"id": vendor["id"], "status": "NOT_CONNECTED"}
    assert a.get(f"/v3/vendors/{vendor['id']}").json()["networkStatus"] == "NOT_CONNECTED"
    assert connection(b, "customer", customers[0]["id"])["status"] == "NOT_CONNECTED"


def test_customer_invitation_accepted_by_linking_an_existing_vendor(two_orgs: tuple[Api, Api]) -> None:
    a, b = two_orgs
    customer = post_ok(a, "/v3/customers", {"name": "Bravo Flour Mill", "email": "ar@bravo.example.com"})
    invite(a, "customer", customer["id"], b.org_id)
    assert connection(a, "customer", customer["id"])["status"] == "PENDING"
    existing = check_vendor(b, name="Alpha Bakery")
    body = {"networkId": a.org_id, "type": "VENDOR", "id": existing["id"]}
    assert_error(b.post("/v3/network/invitation/accept", json={**body, "type": "CUSTOMER"}), 400, "BDC_1119")
    assert_error(b.post("/v3/network/invitation/accept", json={**body, "name": "x"}), 400, "BDC_1119")
    r = b.post("/v3/network/invitation/accept", json=body)
    assert r.status_code == 200, r.text
    assert b.get(f"/v3/vendors/{existing['id']}").json()["networkStatus"] == "CONNECTED"
    assert connection(a, "customer", customer["id"]) == {
        "id": customer["id"],
        "status": "CONNECTED",
        "networkId": b.org_id,
    }
    # Nothing left to accept.
    assert_error(b.post("/v3/network/invitation/accept", json=body), 400, "BDC_1119")
    # A new request only after the old one is deleted.
    invite(a, "customer", customer["id"], b.org_id, status=400)
    assert a.delete(f"/v3/network/invitation/customer/{customer['id']}").status_code == 200
    assert b.get(f"/v3/vendors/{existing['id']}").json()["networkStatus"] == "NOT_CONNECTED"
    invite(a, "customer", customer["id"], b.org_id)


def test_auto_connect_local_organization(two_orgs: tuple[Api, Api]) -> None:
    a, b = two_orgs
    r = a.sandbox("POST", "/network/profile", json={"organizationId": b.org_id, "autoConnect": True})
    assert r.json()["autoConnect"] is True
    vendor = check_vendor(a, name="Bravo")
    invite(a, "vendor", vendor["id"], b.org_id)
    assert connection(a, "vendor", vendor["id"])["status"] == "CONNECTED"
    created = b.get("/v3/customers").json()["results"]
    assert [c["name"] for c in created] == ["Alpha Bakery Partners"]
    assert connection(b, "customer", created[0]["id"])["networkId"] == a.org_id


def test_directory_auto_manual_and_rpps(api: Api) -> None:
    papi = payer(api)
    auto, manual, biller = (check_vendor(papi, name=n) for n in ("Auto", "Manual", "Power"))
    invite(papi, "vendor", auto["id"], AUTO)
    assert connection(papi, "vendor", auto["id"])["status"] == "CONNECTED"
    invite(papi, "vendor", manual["id"], MANUAL)
    assert connection(papi, "vendor", manual["id"])["status"] == "PENDING"
    r = papi.post(
        f"/v3/network/invitation/vendor/{biller['id']}",
        json={"networkId": POWER, "networkType": "RPPS", "rppsInformation": {"accountNumber": "55512345"}},
    )
    assert r.status_code == 200, r.text
    assert connection(papi, "vendor", biller["id"]) == {
        "id": biller["id"],
        "status": "CONNECTED_RPPS",
        "networkId": POWER,
    }
    assert papi.get(f"/v3/vendors/{biller['id']}").json()["paymentInformation"]["payByType"] == "RPPS"
    # Sixty days later the unanswered request has expired.
    papi.advance(days=61)
    relogin(papi)
    assert connection(papi, "vendor", manual["id"]) == {"id": manual["id"], "status": "NOT_CONNECTED"}
    assert papi.get(f"/v3/vendors/{manual['id']}").json()["networkStatus"] == "NOT_CONNECTED"
    assert connection(papi, "vendor", auto["id"])["status"] == "CONNECTED"


def test_email_invitation(api: Api) -> None:
    vendor = check_vendor(api)
    r = api.post(
        f"/v3/network/invitation/vendor/{vendor['id']}/email", json={"email": "ap@vendor.example.com"}
    )
    assert r.status_code == 200 and r.content == b"", r.text
    assert connection(api, "vendor", vendor["id"]) == {"id": vendor["id"], "status": "PENDING"}
    assert_error(api.post(f"/v3/network/invitation/vendor/{vendor['id']}/email", json={"email": "x"}), 400)
    r = api.post(
        f"/v3/network/invitation/vendor/{vendor['id']}/email", json={"email": "b@vendor.example.com"}
    )
    assert_error(r, 400, "BDC_1119")
    assert api.delete(f"/v3/network/invitation/vendor/{vendor['id']}").status_code == 200


def test_invitation_errors(api: Api, new_api: Callable[[], Api]) -> None:
    other = new_api()
    vendor = check_vendor(api)
    # A vendor request needs a trusted session.
    assert_error(invite(api, "vendor", vendor["id"], AUTO, status=403), 403, "BDC_1361")
    payer(api)
    offline = post_ok(api, "/v3/vendors", {"name": "No Address"})
    assert_error(invite(api, "vendor", offline["id"], AUTO, status=400), 400, "BDC_1119")
    assert_error(invite(api, "vendor", vendor["id"], "00802NOSUCHORGXXXxxxx", status=400), 400, "BDC_1119")
    assert_error(invite(api, "vendor", vendor["id"], api.org_id, status=400), 400, "BDC_1119")
    r = api.post(f"/v3/network/invitation/vendor/{vendor['id']}", json={"networkId": AUTO})
    assert_error(r, 400, message="networkType: must not be null")
    r = api.post(
        f"/v3/network/invitation/vendor/{vendor['id']}", json={"networkId": POWER, "networkType": "RPPS"}
    )
    assert_error(r, 400, message="rppsInformation.accountNumber: must not be blank")
    theirs = check_vendor(other)
    for method in ("GET", "DELETE"):
        assert_error(api.request(method, f"/v3/network/invitation/vendor/{theirs['id']}"), 404, "BDC_1205")
    assert_error(invite(api, "vendor", theirs["id"], AUTO, status=404), 404, "BDC_1205")
    assert_error(api.get("/v3/network/invitation/customer/0cu02NOSUCHCUSTOMxxx"), 404, "BDC_1205")
    assert_error(
        api.delete(f"/v3/network/invitation/vendor/{vendor['id']}"), 400, "BDC_1119"
    )  # not connected
    api.post(f"/v3/vendors/{vendor['id']}/archive")
    assert_error(invite(api, "vendor", vendor["id"], AUTO, status=400), 400, "BDC_1119")
    assert connection(api, "vendor", vendor["id"])["status"] == "NOT_CONNECTED"  # archived stays readable


def test_a_network_payment_is_recorded_by_the_payee(two_orgs: tuple[Api, Api]) -> None:
    """B's receivables record A's cleared WALLET payment: applied to B's open invoice with the
    number of A's bill, the rest as unapplied cash on A's customer record in B."""
    a, b = two_orgs
    vendor = check_vendor(a, name="Bravo Flour Mill")
    invite(a, "vendor", vendor["id"], b.org_id)
    r = b.post(
        "/v3/network/invitation/accept", json={"networkId": a.org_id, "type": "CUSTOMER", "name": "Alpha"}
    )
    assert r.status_code == 200, r.text
    customer = b.get("/v3/customers").json()["results"][0]
    got = a.get(f"/v3/vendors/{vendor['id']}").json()
    bill, payment = bill_and_payment(a, got, 150, bill_amount=150)
    number = bill["invoice"]["invoiceNumber"]
    invoice = post_ok(
        b,
        "/v3/invoices",
        {
            "customer": {"id": customer["id"]},
            "invoiceNumber": number,
            "invoiceDate": bill["invoice"]["invoiceDate"],
            "dueDate": bill["dueDate"],
            "invoiceLineItems": [{"quantity": 1, "price": 100}],
        },
    )
    advance_to_day(a, bd(pdate(payment), 1))
    relogin(a)
    assert get_payment(a, payment["id"])["singleStatus"] == "CLEARED"
    b.login()
    paid = b.get(f"/v3/invoices/{invoice['id']}").json()
    assert (paid["status"], paid["dueAmount"]) == ("PAID_IN_FULL", 0)
    received = b.get("/v3/receivable-payments", params={"filters": f"customerId:eq:{customer['id']}"}).json()
    [one] = received["results"]
    assert (one["amount"], one["unappliedAmount"], one["referenceNumber"]) == (150, 50, payment["id"])


def _stored(api: Api, record_id: str) -> dict[str, Any] | None:
    """The connection document as ``network.store`` keeps it (None: no row)."""
    from bill_sandbox.context import system_context

    app: Any = api.client.bill_app  # type: ignore[attr-defined]
    with app.state.db.transaction() as tx:
        return network.store.find(system_context(tx, api.org_id, app.state.settings), record_id)


@pytest.mark.inprocess  # reads the stored documents
def test_connections_are_written_through_the_document_store(two_orgs: tuple[Api, Api]) -> None:
    """Requests are stored documents (``store.DocumentStore``): accepting updates the row in
    place (created time kept, updated time moved on), deleting removes it, and only the
    requesting organization's row is touched."""
    a, b = two_orgs
    vendor = check_vendor(a, name="Bravo Flour Mill")
    invite(a, "vendor", vendor["id"], b.org_id)
    pending = _stored(a, vendor["id"])
    assert pending is not None and pending["status"] == "PENDING" and pending["kind"] == "VENDOR"
    assert pending["peerOrgId"] == b.org_id and "expiresAt" in pending and "archived" not in pending
    assert _stored(b, vendor["id"]) is None  # another organization's id is unknown there
    a.advance(seconds=5)
    r = b.post(
        "/v3/network/invitation/accept", json={"networkId": a.org_id, "type": "CUSTOMER", "name": "Alpha"}
    )
    assert r.status_code == 200, r.text
    connected = _stored(a, vendor["id"])
    assert connected is not None and connected["status"] == "CONNECTED" and "expiresAt" not in connected
    assert connected["createdTime"] == pending["createdTime"]
    assert connected["updatedTime"] > pending["updatedTime"]
    peer = connected["peerRecordId"]
    assert (_stored(b, peer) or {}).get("peerRecordId") == vendor["id"]
    # The answer leaves the bookkeeping out.
    assert connection(a, "vendor", vendor["id"]) == {
        "id": vendor["id"],
        "status": "CONNECTED",
        "networkId": b.org_id,
    }
    relogin(a)
    assert a.delete(f"/v3/network/invitation/vendor/{vendor['id']}").status_code == 200
    assert _stored(a, vendor["id"]) is None and _stored(b, peer) is None
