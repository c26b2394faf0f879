"""Bill documents: asynchronous upload (0du -> 00h), upload status, list, details, download.
Skipped while bills are not served."""

from __future__ import annotations

from collections.abc import Callable

from contract.scenarios_files import PDF, make_bill, upload_document
from support.api import Api, assert_error

MB = 1024 * 1024


def poll(api: Api, *ids: str) -> list[dict[str, str]]:
    r = api.get("/v3/documents/upload-status", params={"ids": ",".join(ids)})
    assert r.status_code == 200, r.text
    out: list[dict[str, str]] = r.json()
    return out


def test_upload_then_second_poll_completes(api: Api) -> None:
    bill_id = make_bill(api)["id"]
    r = upload_document(api, bill_id, "receipt.pdf")
    assert r.status_code == 200, r.text
    assert list(r.json()) == ["id"]  # name, createdTime, downloadLink come when complete
    upload_id = r.json()["id"]
    assert upload_id.startswith("0du") and len(upload_id) == 20

    assert poll(api, upload_id) == [{"uploadId": upload_id, "status": "IN_PROGRESS"}]
    assert api.get(f"/v3/documents/bills/{bill_id}").json()["results"] == []
    second = poll(api, upload_id)
    assert list(second[0]) == ["documentId", "uploadId", "status"]
    assert second[0]["status"] == "UPLOADED" and second[0]["uploadId"] == upload_id
    document_id = second[0]["documentId"]
    assert document_id.startswith("00h") and len(document_id) == 20
    assert poll(api, document_id) == second  # a document id is accepted too, and stays UPLOADED

    doc = api.get(f"/v3/documents/{document_id}").json()
    assert list(doc) == ["id", "name", "createdTime", "downloadLink", "scanStatus", "numOfPages"]
    assert (doc["scanStatus"], doc["numOfPages"]) == ("CLEAN", 1)
    assert doc["id"] == document_id and doc["name"] == "receipt.pdf"
    assert doc["downloadLink"] == f"{api.origin}/connect/v3/documents/{document_id}/download"
    assert api.get(f"/v3/documents/bills/{bill_id}").json()["results"] == [doc]

    r = api.client.get(doc["downloadLink"], headers={"sessionId": api.session_id})
    assert r.status_code == 200 and r.content == PDF
    assert r.headers["content-type"] == "application/pdf"


def test_upload_completes_after_5_seconds_of_sandbox_time(api: Api) -> None:
    bill_id = make_bill(api)["id"]
    upload_id = upload_document(api, bill_id).json()["id"]
    api.advance(seconds=6)
    listed = api.get(f"/v3/documents/bills/{bill_id}").json()["results"]
    assert len(listed) == 1
    status = poll(api, upload_id)  # the first poll already sees it done
    assert status == [{"documentId": listed[0]["id"], "uploadId": upload_id, "status": "UPLOADED"}]


def test_status_keeps_the_order_asked_and_checks_ids(api: Api, new_api: Callable[[], Api]) -> None:
    bill_id = make_bill(api)["id"]
    first, second = (upload_document(api, bill_id, f"d{i}.pdf").json()["id"] for i in range(2))
    assert [s["uploadId"] for s in poll(api, second, first)] == [second, first]
    assert_error(api.get("/v3/documents/upload-status"), 400, "BDC_1108", "ids")
    assert_error(api.get("/v3/documents/upload-status", params={"ids": ""}), 400, "BDC_1108")
    assert_error(
        api.get("/v3/documents/upload-status", params={"ids": "0du02AAAAAAAAAAAaaaa"}), 404, "BDC_1205"
    )
    assert_error(new_api().get("/v3/documents/upload-status", params={"ids": first}), 404, "BDC_1205")


def test_upload_errors(api: Api, new_api: Callable[[], Api]) -> None:
    bill_id = make_bill(api)["id"]
    path = f"/v3/documents/bills/{bill_id}"
    assert_error(api.post(path, content=PDF), 400, "BDC_1108", "name")
    assert_error(api.post(path, params={"name": "big.pdf"}, content=b"\0" * (6 * MB + 1)), 400, "BDC_1119")
    assert upload_document(api, bill_id, "max.pdf").status_code == 200
    assert_error(upload_document(api, "00n02AAAAAAAAAAAaaaa"), 404, "BDC_1205")
    foreign_bill = make_bill(new_api())["id"]
    assert_error(upload_document(api, foreign_bill), 404, "BDC_1205")
    assert_error(api.get(f"/v3/documents/bills/{foreign_bill}"), 404, "BDC_1205")


def test_documents_cannot_be_deleted_and_are_private(api: Api, new_api: Callable[[], Api]) -> None:
    bill_id = make_bill(api)["id"]
    upload_id = upload_document(api, bill_id).json()["id"]
    poll(api, upload_id)
    document_id = poll(api, upload_id)[0]["documentId"]
    r = api.delete(f"/v3/documents/{document_id}")
    assert r.status_code in (404, 405)
    assert api.get(f"/v3/documents/{document_id}").status_code == 200
    other = new_api()
    assert_error(other.get(f"/v3/documents/{document_id}"), 404, "BDC_1205")
    link = f"/connect/v3/documents/{document_id}/download"
    assert_error(other.client.get(link, headers={"sessionId": other.session_id}), 404, "BDC_1205")
    assert_error(api.client.get(link), 401, "BDC_1109")


def test_list_pages(api: Api) -> None:
    bill_id = make_bill(api)["id"]
    uploads = [upload_document(api, bill_id, f"page{i}.pdf").json()["id"] for i in range(3)]
    poll(api, *uploads)
    done = poll(api, *uploads)
    page = api.get(f"/v3/documents/bills/{bill_id}", params={"max": 2}).json()
    assert [d["id"] for d in page["results"]] == [s["documentId"] for s in done[:2]]
    nxt = api.get(f"/v3/documents/bills/{bill_id}", params={"max": 2, "page": page["nextPage"]}).json()
    assert [d["name"] for d in nxt["results"]] == ["page2.pdf"]
