"""Organization users and roles (BILL-RULES §5.16, §5.16b): users (list, create, get, update,
archive, restore), roles (list, get), the ADMINISTRATOR check other resources use."""
