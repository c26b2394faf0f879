"""Stored file bytes shared by attachments and bill documents: upload checks, the blob table,
download links and the download response."""
