"""Bill documents: upload (asynchronous, 0du -> 00h), upload status, list, details, download."""
