"""Customers: Get list, Create, Get details, Update (PATCH), Archive, Restore."""
