"""Contract scenarios: attachments (vendors, customers, invoices) and bill documents.

Parents are created through the API. While a parent resource is not served yet (its create
answers 404 ``BDC_1121``), the scenarios that need it are skipped.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from contract.scenarios_foundation import make_customer
from contract.shapes import scenario

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def created(r: httpx.Response, what: str) -> dict[str, Any]:
    if r.status_code == 404 and r.json()[0].get("code") == "BDC_1121":
        pytest.skip(f"{what} are not served yet")
    assert r.status_code in (200, 201), r.text
    out: dict[str, Any] = r.json()
    return out


def make_vendor(api: Any) -> dict[str, Any]:
    body = {
        "name": "Happy Music Supplies",
        "accountType": "BUSINESS",
        "email": "info@happymusicsupplies.org",
        "phone": "9876543210",
        "address": {
            "line1": "123 Main Street",
            "city": "San Jose",
            "stateOrProvince": "CA",
            "zipOrPostalCode": "95002",
            "country": "US",
        },
        "billCurrency": "USD",
    }
    return created(api.post("/v3/vendors", json=body), "vendors")


def make_invoice(api: Any) -> dict[str, Any]:
    customer = make_customer(api)
    body = {
        "customer": {"id": customer["id"]},
        "invoiceLineItems": [{"quantity": 2, "description": "Drum sticks", "price": 14.99}],
        "invoiceNumber": "202502",
        "dueDate": "2030-12-31",
        "processingOptions": {"sendEmail": False},
    }
    r = api.post("/v3/invoices", json=body)
    assert r.status_code == 201, r.text
    out: dict[str, Any] = r.json()
    return out


def make_bill(api: Any) -> dict[str, Any]:
    vendor = make_vendor(api)
    body = {
        "vendorId": vendor["id"],
        "dueDate": "2030-12-31",
        "billLineItems": [{"amount": 149, "description": "USB audio interface"}],
        "invoice": {"invoiceNumber": "202501", "invoiceDate": "2030-12-01"},
    }
    return created(api.post("/v3/bills", json=body), "bills")


PARENT_MAKERS = {"vendors": make_vendor, "customers": make_customer, "invoices": make_invoice}


def upload(api: Any, parent_type: str, parent_id: str, name: str = "business_details.pdf") -> httpx.Response:
    return api.post(
        f"/v3/attachments/{parent_type}/{parent_id}",
        params={"name": name},
        content=PDF,
        headers={"Content-Type": "application/octet-stream"},
    )


def make_attachment(api: Any) -> dict[str, Any]:
    r = upload(api, "customers", make_customer(api)["id"])
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def upload_document(api: Any, bill_id: str, name: str = "invoice_scan.pdf") -> httpx.Response:
    return api.post(
        f"/v3/documents/bills/{bill_id}", params={"name": name}, content=PDF, headers={"Content-Type": "*/*"}
    )


def finished_document(api: Any, bill_id: str) -> str:
    """Upload, then poll twice (the second poll completes the upload); the document id."""
    r = upload_document(api, bill_id)
    assert r.status_code == 200, r.text
    upload_id = r.json()["id"]
    api.get("/v3/documents/upload-status", params={"ids": upload_id})
    status = api.get("/v3/documents/upload-status", params={"ids": upload_id}).json()
    assert status[0]["status"] == "UPLOADED", status
    out: str = status[0]["documentId"]
    return out


# ---------------------------------------------------------------------------- attachments
def _register_parent(parent_type: str, param: str) -> None:
    path = f"/v3/attachments/{parent_type}/{{{param}}}"

    @scenario("GET", path)
    def list_attachments(api: Any) -> httpx.Response:
        parent_id = PARENT_MAKERS[parent_type](api)["id"]
        for i in range(3):
            assert upload(api, parent_type, parent_id, f"file{i}.pdf").status_code == 200
        first = api.get(f"/v3/attachments/{parent_type}/{parent_id}", params={"max": 1})
        return api.get(
            f"/v3/attachments/{parent_type}/{parent_id}", params={"max": 1, "page": first.json()["nextPage"]}
        )

    @scenario("POST", path)
    def upload_attachment(api: Any) -> httpx.Response:
        return upload(api, parent_type, PARENT_MAKERS[parent_type](api)["id"])


for _parent, _param in (("customers", "customerId"), ("invoices", "invoiceId"), ("vendors", "vendorId")):
    _register_parent(_parent, _param)


@scenario("GET", "/v3/attachments/{attachmentId}")
def get_attachment(api: Any) -> httpx.Response:
    return api.get(f"/v3/attachments/{make_attachment(api)['id']}")


@scenario("DELETE", "/v3/attachments/{attachmentId}")
def delete_attachment(api: Any) -> httpx.Response:
    return api.delete(f"/v3/attachments/{make_attachment(api)['id']}")


# ------------------------------------------------------------------------------ documents
# BILL: "name, createdTime and downloadLink are available when the upload is complete"; the
# upload answers with the in-progress upload id (0du...) only.
@scenario("POST", "/v3/documents/bills/{billId}", missing={"name", "createdTime", "downloadLink"})
def upload_bill_document(api: Any) -> httpx.Response:
    return upload_document(api, make_bill(api)["id"])


@scenario("GET", "/v3/documents/upload-status")
def upload_status(api: Any) -> httpx.Response:
    bill_id = make_bill(api)["id"]
    ids = ",".join(upload_document(api, bill_id).json()["id"] for _ in range(2))
    api.get("/v3/documents/upload-status", params={"ids": ids})
    return api.get("/v3/documents/upload-status", params={"ids": ids})


@scenario("GET", "/v3/documents/bills/{billId}")
def list_documents(api: Any) -> httpx.Response:
    bill_id = make_bill(api)["id"]
    for _ in range(3):
        finished_document(api, bill_id)
    first = api.get(f"/v3/documents/bills/{bill_id}", params={"max": 1})
    return api.get(f"/v3/documents/bills/{bill_id}", params={"max": 1, "page": first.json()["nextPage"]})


@scenario("GET", "/v3/documents/{documentId}")
def get_document(api: Any) -> httpx.Response:
    bill_id = make_bill(api)["id"]
    return api.get(f"/v3/documents/{finished_document(api, bill_id)}")
