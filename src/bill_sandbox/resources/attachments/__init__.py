"""Attachments of vendors, customers and invoices: upload, list, details, delete, download."""
