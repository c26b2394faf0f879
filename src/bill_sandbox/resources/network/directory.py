"""The seeded network directory (BILL-RULES §7.3, OUR DESIGN): organizations that are not local
(so nobody logs in to them), shared by every sandbox organization. Auto-connect entries
connect at once; the manual-accept one stays PENDING (nobody accepts it: it expires after 60
days); the RPPS billers connect as CONNECTED_RPPS with any 6-20 digit ``accountNumber``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    type: str  # BILL | RPPS
    auto_connect: bool
    address: dict[str, str]
    managed_by: dict[str, str] = field(default_factory=dict)
    address_id: str = ""

    def result(self) -> dict[str, Any]:
        address = {**self.address, **({"id": self.address_id} if self.address_id else {})}
        out: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type, "addresses": [address]}
        if self.managed_by:
            out["managedBy"] = self.managed_by
        return out


def _addr(line1: str, city: str, state: str, zip_code: str) -> dict[str, str]:
    return {
        "line1": line1,
        "city": city,
        "stateOrProvince": state,
        "zipOrPostalCode": zip_code,
        "country": "US",
    }


def _managed(name: str, email: str) -> dict[str, str]:
    local, domain = email.split("@")
    return {"name": name, "email": f"{local[0]}***{local[-1]}@{domain}", "emailDomain": domain}


DIRECTORY: tuple[Entry, ...] = (
    Entry(
        "00801NETAUTO0001auto",
        "Sandbox Office Supply Co",
        "BILL",
        True,
        _addr("100 Paper Lane", "San Jose", "CA", "95002"),
        _managed("Olivia Office", "olivia@officesupply.example.com"),
    ),
    Entry(
        "00801NETAUTO0002auto",
        "Sandbox Coffee Roasters",
        "BILL",
        True,
        _addr("22 Bean Street", "Portland", "OR", "97201"),
        _managed("Carl Roaster", "carl@coffeeroasters.example.com"),
    ),
    Entry(
        "00801NETAUTO0003auto",
        "Sandbox Cleaning Services",
        "BILL",
        True,
        _addr("7 Sparkle Road", "Austin", "TX", "73301"),
        _managed("Clara Clean", "clara@cleaning.example.com"),
    ),
    Entry(
        "00801NETMANUAL01mnal",
        "Sandbox Manual Accept Consulting",
        "BILL",
        False,
        _addr("9 Handshake Ave", "Denver", "CO", "80202"),
        _managed("Manny Ual", "manny@manualaccept.example.com"),
    ),
    Entry(
        "0rv01RPPSPOWER001pwr",
        "Sandbox Power and Light",
        "RPPS",
        True,
        _addr("1 Grid Plaza", "Sacramento", "CA", "94203"),
        address_id="0rv01RPPSPOWERADDR01",
    ),
    Entry(
        "0rv01RPPSTELCO001tel",
        "Sandbox Telecom",
        "RPPS",
        True,
        _addr("5 Signal Way", "Dallas", "TX", "75201"),
        address_id="0rv01RPPSTELCOADDR01",
    ),
)
BY_ID = {e.id: e for e in DIRECTORY}
