"""The control plane under /_sandbox: sign-up, reset, clock. Never part of BILL's spec."""
