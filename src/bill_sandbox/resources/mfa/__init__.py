"""MFA: phone setup and validation, challenges, step-up, phone list."""
