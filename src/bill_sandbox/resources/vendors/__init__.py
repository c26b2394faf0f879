"""Vendors: list, create, bulk create, get, update (PATCH), archive, restore; the vendor bank
account (get, create, delete); vendor and international-payments configuration."""
