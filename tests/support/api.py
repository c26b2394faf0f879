"""The HTTP side of the tests: a logged-in organization (``Api``), signing up, and BILL's error
array shape."""

from __future__ import annotations

from typing import Any

import httpx

from support import responses


class Verbs:
    """get/post/put/patch/delete over a client's ``request(method, path, **kwargs)``."""

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        raise NotImplementedError

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)


class Api(Verbs):
    """An HTTP client logged in to one fresh organization. Paths are relative to /connect."""

    def __init__(self, client: httpx.Client, creds: dict[str, str]) -> None:
        self.client = client
        self.creds = creds
        self.org_id = creds["organizationId"]
        self.user_id = creds["userId"]
        self.session_id = ""
        self.login()

    def login(self) -> httpx.Response:
        r = self.client.post("/connect/v3/login", json=self.login_body())
        assert r.status_code == 200, r.text
        self.session_id = r.json()["sessionId"]
        return r

    def login_body(self, **changes: str) -> dict[str, str]:
        body = {
            "username": self.creds["username"],
            "password": self.creds["password"],
            "organizationId": self.org_id,
            "devKey": self.creds["devKey"],
        }
        body.update(changes)
        return body

    @property
    def origin(self) -> str:
        """The server's origin as links in answers carry it (``http://testserver`` in-process)."""
        return str(self.client.base_url).rstrip("/")

    @property
    def headers(self) -> dict[str, str]:
        return {"devKey": self.creds["devKey"], "sessionId": self.session_id}

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request to /connect; the answer must match what the app's spec declares."""
        headers = {**self.headers, **kwargs.pop("headers", {})}
        response = self.client.request(method, "/connect" + path, headers=headers, **kwargs)
        responses.check(self.client, "/connect", response)
        return response

    def connect_events(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A request to the Connect Events API (/connect-events), checked like ``request``."""
        headers = {**self.headers, **kwargs.pop("headers", {})}
        response = self.client.request(method, "/connect-events" + path, headers=headers, **kwargs)
        responses.check(self.client, "/connect-events", response)
        return response

    def sandbox(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = self.client.request(method, "/_sandbox" + path, **kwargs)
        responses.check(self.client, "/_sandbox", response)
        return response

    def advance(self, **delta: float) -> dict[str, Any]:
        """Move this organization's sandbox time (others keep theirs)."""
        r = self.sandbox("POST", "/clock/advance", json={**delta, "organizationId": self.org_id})
        assert r.status_code == 200, r.text
        out: dict[str, Any] = r.json()
        return out

    def clock(self) -> dict[str, Any]:
        """This organization's sandbox clock."""
        r = self.sandbox("GET", "/clock", params={"organizationId": self.org_id})
        assert r.status_code == 200, r.text
        out: dict[str, Any] = r.json()
        return out

    def mfa_code(self) -> str:
        """The last MFA code the sandbox "sent" to this user (control plane)."""
        r = self.sandbox("GET", "/mfa/last-code", params={"userId": self.user_id})
        assert r.status_code == 200, r.text
        code: str = r.json()["code"]
        return code

    def trust(self, device: str = "pytest", remember_me: bool = True) -> str:
        """Make this session MFA-trusted through the real flow (challenge, then validate with
        the code the sandbox sent). Returns the rememberMeId (valid for logins with ``device``)."""
        r = self.post("/v3/mfa/challenge", json={"useBackup": False})
        assert r.status_code == 200, r.text
        r = self.post(
            "/v3/mfa/challenge/validate",
            json={
                "challengeId": r.json()["challengeId"],
                "token": self.mfa_code(),
                "device": device,
                "machineName": "pytest-runner",
                "rememberMe": remember_me,
            },
        )
        assert r.status_code == 200, r.text
        remember_me_id: str = r.json()["rememberMeId"]
        return remember_me_id


def add_user(api: Api, role: str = "ADMINISTRATOR", first: str = "Sandbox", last: str = "User") -> Api:
    """Another user of ``api``'s organization with ``role`` (control plane; it has a registered
    MFA phone), logged in with its own credentials and ``api``'s devKey."""
    body = {"organizationId": api.org_id, "role": role, "firstName": first, "lastName": last}
    r = api.sandbox("POST", "/users", json=body)
    assert r.status_code == 201, r.text
    user = r.json()
    return Api(
        api.client,
        {**api.creds, "username": user["username"], "password": user["password"], "userId": user["userId"]},
    )


def recorded_events(
    api: Api, entity_id: str | None = None, type_: str | None = None, prefix: str = ""
) -> list[dict[str, Any]]:
    """The organization's outbox events, oldest first, each with its object (control plane:
    ``GET /_sandbox/events``): ``{id, type, entityId, payload, ...}``."""
    params: dict[str, Any] = {"organizationId": api.org_id, "payload": "true", "limit": 500}
    if entity_id is not None:
        params["entityId"] = entity_id
    if type_ is not None:
        params["type"] = type_
    r = api.sandbox("GET", "/events", params=params)
    assert r.status_code == 200, r.text
    return [e for e in reversed(r.json()) if e["type"].startswith(prefix)]


def local_path(url: str) -> str:
    """A link's path and query, to request it through the test client (any origin)."""
    return httpx.URL(url).raw_path.decode()


def signup(client: httpx.Client) -> dict[str, str]:
    r = client.post("/_sandbox/signup")
    assert r.status_code == 201, r.text
    creds: dict[str, str] = r.json()
    return creds


def assert_error(
    response: httpx.Response, status: int, code: str | None = None, message: str | None = None
) -> list[dict[str, Any]]:
    """A BILL error array with this status (and code / message substring, when given)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert isinstance(body, list) and body, body
    for item in body:
        assert {"timestamp", "severity", "category", "message"} <= item.keys(), item
    if code is not None:
        assert body[0].get("code") == code, body
    if message is not None:
        assert any(message in item["message"] for item in body), body
    return body
