"""bill-sandbox: a local, stateful emulator of BILL's v3 API."""

__version__ = "0.1.0"
