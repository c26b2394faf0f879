"""Attachments: raw-byte uploads for vendors, customers and invoices; list, details, delete and
the download link."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from contract.scenarios_files import PDF, make_vendor, upload
from contract.scenarios_foundation import make_customer
from support.api import Api, assert_error

MB = 1024 * 1024
BINARY = bytes(range(256)) * 64


def customer_attachment(api: Api, name: str = "contract.pdf", content: bytes = PDF) -> dict[str, str]:
    cid = make_customer(api)["id"]
    r = api.post(f"/v3/attachments/customers/{cid}", params={"name": name}, content=content)
    assert r.status_code == 200, r.text
    out: dict[str, str] = r.json()
    return out


def test_upload_answers_bills_shape_with_a_working_download_link(api: Api) -> None:
    att = customer_attachment(api, "scan 1.pdf", BINARY)
    assert list(att) == ["id", "name", "createdTime", "downloadLink"]
    assert att["id"].startswith("att") and len(att["id"]) == 20
    assert att["name"] == "scan 1.pdf"
    assert att["downloadLink"] == f"{api.origin}/connect/v3/attachments/{att['id']}/download"

    # Like BILL's links: the sessionId header is enough.
    r = api.client.get(att["downloadLink"], headers={"sessionId": api.session_id})
    assert r.status_code == 200, r.text
    assert r.content == BINARY
    assert r.headers["content-type"] == "application/pdf"
    assert (
        "scan 1.pdf" in r.headers["content-disposition"] or "scan%201.pdf" in r.headers["content-disposition"]
    )
    assert api.get(f"/v3/attachments/{att['id']}/download").content == BINARY  # devKey too is fine


def test_download_content_type_follows_the_name(api: Api) -> None:
    for name, media in (
        ("notes.txt", "text/plain"),
        ("photo.png", "image/png"),
        ("blob", "application/octet-stream"),
    ):
        att = customer_attachment(api, name, b"abc")
        r = api.get(f"/v3/attachments/{att['id']}/download")
        assert r.headers["content-type"].split(";")[0] == media


def test_download_needs_a_valid_session(api: Api) -> None:
    att = customer_attachment(api)
    assert_error(api.client.get(att["downloadLink"]), 401, "BDC_1109")
    assert_error(api.client.get(att["downloadLink"], headers={"sessionId": "nope"}), 401, "BDC_1109")
    api.post("/v3/logout")
    assert_error(api.client.get(att["downloadLink"], headers={"sessionId": api.session_id}), 401, "BDC_1109")


def test_name_is_required(api: Api) -> None:
    cid = make_customer(api)["id"]
    for params in ({}, {"name": ""}, {"name": "   "}):
        assert_error(
            api.post(f"/v3/attachments/customers/{cid}", params=params, content=PDF), 400, "BDC_1108", "name"
        )
    assert_error(api.post(f"/v3/attachments/customers/{cid}", params={"name": "x" * 256}, content=PDF), 400)


def test_size_limit_is_6_mb(api: Api) -> None:
    cid = make_customer(api)["id"]
    path = f"/v3/attachments/customers/{cid}"
    r = api.post(path, params={"name": "max.bin"}, content=b"\0" * (6 * MB))
    assert r.status_code == 200, r.text[:300]
    assert len(api.get(f"/v3/attachments/{r.json()['id']}/download").content) == 6 * MB
    assert_error(api.post(path, params={"name": "big.bin"}, content=b"\0" * (6 * MB + 1)), 400, "BDC_1119")
    assert api.post(path, params={"name": "huge.bin"}, content=b"\0" * (8 * MB)).status_code in (400, 413)
    assert_error(api.post(path, params={"name": "empty.txt"}, content=b""), 400, "BDC_1108")
    assert api.get(path).json()["results"] == [api.get(f"/v3/attachments/{r.json()['id']}").json()]


def test_parent_must_exist_in_the_org(api: Api, new_api: Callable[[], Api]) -> None:
    foreign = make_customer(new_api())["id"]
    for kind, id_ in (
        ("customers", "0cu02AAAAAAAAAAAaaaa"),
        ("customers", foreign),
        ("vendors", "00902AAAAAAAAAAAaaaa"),
        ("invoices", "00e02AAAAAAAAAAAaaaa"),
    ):
        assert_error(upload(api, kind, id_), 404, "BDC_1205", id_)
        assert_error(api.get(f"/v3/attachments/{kind}/{id_}"), 404, "BDC_1205")


def test_vendor_attachments(api: Api) -> None:
    vendor = make_vendor(api)  # skips while vendors are not served
    r = upload(api, "vendors", vendor["id"], "w9.pdf")
    assert r.status_code == 200, r.text
    listed = api.get(f"/v3/attachments/vendors/{vendor['id']}").json()["results"]
    assert [a["id"] for a in listed] == [r.json()["id"]]


def test_list_is_per_parent_paged_and_filterable(api: Api) -> None:
    a, b = make_customer(api)["id"], make_customer(api)["id"]
    mine = [upload(api, "customers", a, f"doc{i}.pdf").json()["id"] for i in range(3)]
    upload(api, "customers", b, "other.pdf")
    page = api.get(f"/v3/attachments/customers/{a}", params={"max": 2}).json()
    assert [x["id"] for x in page["results"]] == mine[:2]
    nxt = api.get(f"/v3/attachments/customers/{a}", params={"max": 2, "page": page["nextPage"]}).json()
    assert [x["id"] for x in nxt["results"]] == mine[2:] and "nextPage" not in nxt
    assert all(x["downloadLink"].startswith(f"{api.origin}/connect/v3/attachments/") for x in nxt["results"])
    r = api.get(f"/v3/attachments/customers/{a}", params={"filters": 'name:eq:"doc1.pdf"'})
    assert [x["id"] for x in r.json()["results"]] == [mine[1]]
    r = api.get(f"/v3/attachments/customers/{a}", params={"sort": "createdTime:desc", "max": 1})
    assert r.json()["results"][0]["id"] == mine[2]
    assert_error(
        api.get(f"/v3/attachments/customers/{a}", params={"filters": "parentId:eq:x"}), 400, "BDC_1130"
    )


def test_get_and_delete(api: Api) -> None:
    att = customer_attachment(api)
    assert api.get(f"/v3/attachments/{att['id']}").json() == att
    r = api.delete(f"/v3/attachments/{att['id']}")
    assert r.status_code == 200 and r.json() == {"status": "SUCCESS"}
    assert_error(api.get(f"/v3/attachments/{att['id']}"), 404, "BDC_1205")
    assert_error(api.get(f"/v3/attachments/{att['id']}/download"), 404, "BDC_1205")
    assert_error(api.delete(f"/v3/attachments/{att['id']}"), 404, "BDC_1205")


def test_another_org_cannot_see_download_or_delete(api: Api, new_api: Callable[[], Api]) -> None:
    att = customer_attachment(api)
    other = new_api()
    assert_error(other.get(f"/v3/attachments/{att['id']}"), 404, "BDC_1205")
    assert_error(other.client.get(att["downloadLink"], headers={"sessionId": other.session_id}), 404)
    assert_error(other.delete(f"/v3/attachments/{att['id']}"), 404, "BDC_1205")
    assert api.get(f"/v3/attachments/{att['id']}").status_code == 200


def test_reset_removes_attachments(api: Api) -> None:
    att = customer_attachment(api)
    assert api.sandbox("POST", "/reset", json={"organizationId": api.org_id}).status_code == 200
    api.login()
    assert_error(api.get(f"/v3/attachments/{att['id']}"), 404)


@pytest.mark.parametrize("content_type", ["application/octet-stream", "application/pdf", "*/*"])
def test_any_content_type_is_raw_bytes(api: Api, content_type: str) -> None:
    cid = make_customer(api)["id"]
    r = api.post(
        f"/v3/attachments/customers/{cid}",
        params={"name": "a.pdf"},
        content=BINARY,
        headers={"Content-Type": content_type},
    )
    assert r.status_code == 200, r.text
    assert api.get(f"/v3/attachments/{r.json()['id']}/download").content == BINARY


def test_upload_needs_a_session(api: Api) -> None:
    cid = make_customer(api)["id"]
    r = api.client.post(
        f"/connect/v3/attachments/customers/{cid}",
        params={"name": "a.pdf"},
        content=PDF,
        headers={"devKey": api.creds["devKey"]},
    )
    assert_error(r, 401, "BDC_1109")
