"""Funding accounts: org bank accounts (``bank_accounts``) and their users
(``bank_account_users``), card accounts, their users, AP cards and card funding purposes
(``cards``), who may pay (``permissions``), the checks the payments API runs on a funding
account (``funding_checks``), what a new organization starts with and the clock's transitions
(``lifecycle``); tables and document stores in ``stores``."""
