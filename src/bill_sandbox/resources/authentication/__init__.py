"""API login, API logout, Get API session details."""
