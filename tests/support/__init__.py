"""Test helpers shared by every layer (tests/conftest.py holds only fixtures; pytest's
``pythonpath`` puts tests/ on the import path, so ``support``, ``api`` and ``contract`` import
as packages)."""
