"""Classifications: chart of accounts, accounting classes, departments, employees, items, jobs
and locations -- seven declarations served by one generic mechanism."""
