"""The JavaScript of the exported collection's scripts (``bill_sandbox.postman.finish`` fills
the ``%(...)s`` parts): login, id saving, upload polling, and the collection-level pre-request
(dates, MFA code, ``sandboxUrl``) and test (``...Id`` fields of POST answers) scripts."""

from __future__ import annotations

LOGIN_SCRIPT = """\
pm.test("%(name)s returns a session", function () {
    pm.response.to.have.status(200);
});
// Save the session: the requests after it send the header sessionId: {{%(var)s}}.
const body = pm.response.json();
if (body.sessionId) {
    pm.environment.set("%(var)s", body.sessionId);
}
"""

SAVE_FIRST_ID_SCRIPT = """\
// %(why)s: keep the first listed object's id for the requests that use {{%(var)s}}.
if (pm.response.code === 200 && %(when)s) {
    const page = pm.response.json();
    const lists = Array.isArray(page) ? [page]
        : page && typeof page === "object" ? Object.values(page).filter(Array.isArray) : [];
    const first = lists.length && lists[0].length ? lists[0][0] : null;
    if (first && typeof first.id === "string") {
        pm.environment.set("%(var)s", first.id);
    }
}
"""

SAVE_ID_SCRIPT = """\
// Save the new object's id for the requests that use {{%(var)s}}.
if (pm.response.code === 201 || pm.response.code === 200) {
    const created = pm.response.json();
    const id = created && (typeof created.id === "string" ? created.id : created.uuid);
    if (typeof id === "string") {
        pm.environment.set("%(var)s", id);
    }
}
"""

POLL_SCRIPT = """\
// Poll until the upload is complete, then keep its document's id for {{%(var)s}}.
const polls = Number(pm.environment.get("uploadPolls") || 0);
const status = pm.response.code === 200 ? pm.response.json() : [];
const done = Array.isArray(status) && status.length > 0 && status[0].documentId;
if (done) {
    pm.environment.set("%(var)s", status[0].documentId);
    pm.environment.unset("uploadPolls");
} else if (polls < 5) {
    pm.environment.set("uploadPolls", polls + 1);
    postman.setNextRequest(pm.info.requestId);
}
"""

# Collection level, before every request: the date variables, uniqueId, the MFA code, sandboxUrl.
PRE_REQUEST_SCRIPT = """\
// bill-sandbox: {{today}}, {{nextBusinessDay}} and {{businessDayAfterNext}} (UTC; weekends
// and Federal Reserve holidays skipped, like the sandbox's calendar), and {{mfaCode}}: the
// last code the sandbox sent.
const holidays = new Set(%(holidays)s);
const iso = (d) => d.toISOString().slice(0, 10);
const isBusinessDay = (d) => d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && !holidays.has(iso(d));
const today = new Date();
const next = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1));
while (!isBusinessDay(next)) {
    next.setUTCDate(next.getUTCDate() + 1);
}
const after = new Date(next.getTime() + 86400000);
while (!isBusinessDay(after)) {
    after.setUTCDate(after.getUTCDate() + 1);
}
pm.variables.set("today", iso(today));
pm.variables.set("nextBusinessDay", iso(next));
pm.variables.set("businessDayAfterNext", iso(after));
// {{uniqueId}}: for values that must be unique, so the collection can run again.
pm.variables.set("uniqueId", String(Date.now()));
// The control plane (the "Sandbox setup" requests): beside the Connect API.
const origin = String(pm.variables.get("baseUrl")).replace(/\\/connect\\/?$/, "");
pm.variables.set("sandboxUrl", origin + "/_sandbox");
const raw = (pm.request.body && pm.request.body.raw) || "";
if (raw.indexOf("{{mfaCode}}") !== -1) {
    pm.variables.set("mfaCode", pm.environment.get("mfaCode") || "111111");
    const orgId = pm.variables.get("orgId") || "";
    pm.sendRequest(origin + "/_sandbox/mfa/last-code?organizationId=" + orgId, function (err, res) {
        if (!err && res.code === 200 && res.json().code) {
            pm.variables.set("mfaCode", res.json().code);
        }
    });
}
"""

# Collection level, after every request: keep the ...Id fields a POST returns.
SAVE_IDS_SCRIPT = """\
// bill-sandbox: keep setupId, challengeId, rememberMeId, userId... for the requests after it
// (a Spend & Expense or partner call's under the family's name: spendUserId, partnerUserId).
const family = (pm.request.url.getPath().match(/\\/v3\\/(%(families)s)\\//) || [])[1] || "";
const sandbox = pm.request.url.getPath().indexOf("/_sandbox/") !== -1;
if (pm.request.method === "POST" && !sandbox && pm.response.code >= 200 && pm.response.code < 300) {
    let body = null;
    try { body = pm.response.json(); } catch (e) { body = null; }
    if (body && typeof body === "object" && !Array.isArray(body)) {
        Object.keys(body).forEach(function (key) {
            if (/^[a-z][A-Za-z0-9]*Id$/.test(key) && typeof body[key] === "string" && key !== "sessionId") {
                const name = family ? family + key.charAt(0).toUpperCase() + key.slice(1) : key;
                pm.environment.set(name, body[key]);
            }
        });
    }
}
"""
