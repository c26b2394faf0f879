"""BILL's webhooks (Connect Events API): subscriptions, signed deliveries with retries, history.

- ``models``: subscriptions, deliveries (one per event and subscription), attempts, idempotency.
- ``service``: the API's rules (limits, duplicates, URL rule, idempotent create, test, resend).
- ``payloads``: outbox wire documents -> BILL's ``*PayloadV1`` shapes, account numbers masked.
- ``signer``: ``x-bill-sha-signature``.
- ``worker``: fan-out of committed outbox events and crash-safe, leased delivery.
"""
