"""Funding accounts: org bank accounts and their users, card accounts and their users, AP cards,
funding permissions and card funding purposes."""
