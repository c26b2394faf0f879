"""Vendor credits: list, create, bulk create/replace/update/archive, get, replace (PUT),
update (PATCH), archive (one-way)."""
