"""The files behind a billing statement's ``downloadLink{csv, pdf}`` (fetched with the
``sessionId`` header, like other download links): a CSV of the statement's lines and a
one-page PDF written by hand (no dependency)."""

from __future__ import annotations

import csv
import io
from typing import Any

Doc = dict[str, Any]


def to_csv(statement: Doc) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["invoiceNumber", "invoiceDate", "type", "description", "quantity", "amount"])
    for line in statement.get("statementDetails") or []:
        writer.writerow(
            [
                statement.get("invoiceNumber", ""),
                statement.get("invoiceDate", ""),
                line.get("type", ""),
                line.get("description", ""),
                line.get("quantity", ""),
                line.get("amount", ""),
            ]
        )
    return out.getvalue().encode()


def _escape(text: str) -> str:
    ascii_text = text.encode("ascii", "replace").decode()
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def to_pdf(statement: Doc) -> bytes:
    period = statement.get("billingPeriod") or {}
    lines = [
        f"BILL statement {statement.get('invoiceNumber', '')}",
        f"Invoice date: {statement.get('invoiceDate', '')}",
        f"Billing period: {period.get('startDate', '')} to {period.get('endDate', '')}",
        f"Status: {statement.get('paymentStatus', '')} {statement.get('paymentDate', '')}".rstrip(),
        "",
    ]
    for line in statement.get("statementDetails") or []:
        lines.append(f"{line.get('quantity', '')} x {line.get('description', '')}: {line.get('amount', '')}")
    lines.append(f"Total: {statement.get('amount', '')}")
    text = "BT /F1 12 Tf 72 740 Td 16 TL " + " ".join(f"({_escape(s)}) '" for s in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text.encode() + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
