"""Bills: list, create, bulk create, get, replace (PUT), update (PATCH), archive, restore,
and record AP payment."""
