"""Developer accounts, organizations, users, devKeys, sessions and login lockout."""
