"""Check images (``GET /v3/payments/{paymentId}/check-image``): a mailed check's front and back,
drawn as SVG data links (OUR DESIGN)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from xml.sax.saxutils import escape

from bill_sandbox.context import RequestContext
from bill_sandbox.errors import (
    ApplicationError,
)
from bill_sandbox.money import from_json
from bill_sandbox.resources.payments import storage
from bill_sandbox.store import Doc


# ----------------------------------------------------------------------------- check image
def _svg(lines: Sequence[str]) -> str:
    text = "".join(
        f'<text x="24" y="{40 + 28 * i}" font-family="monospace" font-size="16">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="300">'
        '<rect width="720" height="300" fill="#f4f1e8" stroke="#555"/>'
        f"{text}</svg>"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def check_image(ctx: RequestContext, payment_id: str) -> Doc:
    """A check that was mailed (SENT or later): its front and back as SVG data links."""
    doc = storage.store.get(ctx, payment_id)
    check = (doc.get("disbursementInfo") or {}).get("checkDisbursement")
    if not check or not check.get("checkNumber"):
        raise ApplicationError(
            "BDC_1120",
            message="No check image is available: this payment is not a check that was sent.",
            object_id=payment_id,
        )
    payee = doc.get("vendorName") or doc["vendorId"]
    front = _svg(
        [
            f"SANDBOX CHECK No. {check['checkNumber']}        Date {check.get('sentDate', '')}",
            f"PAY TO THE ORDER OF  {payee}",
            f"AMOUNT  ${from_json(doc.get('amount')):,.2f}",
            f"MEMO  {doc.get('description') or doc.get('transactionNumber', '')}",
            "NOT NEGOTIABLE - bill-sandbox",
        ]
    )
    back = _svg([f"Check No. {check['checkNumber']}", "ENDORSE HERE", f"{payee}", "FOR DEPOSIT ONLY"])
    return {"results": [{"downloadLink": front}, {"downloadLink": back}]}
