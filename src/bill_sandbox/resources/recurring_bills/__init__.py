"""Recurring bills: Get list, Create, Get details, Replace (PUT), Update (PATCH), Archive,
Restore; bills are generated as the sandbox clock passes each occurrence."""
