"""Per-app parts of the permission matrix (see tests/project/test_permission_matrix.py).

Each module defines `FILLERS: dict[str, Callable[[World], dict]]` for its URL patterns, filled with
objects it makes in ward 2 (the protected subtree), and may define `UNFILLABLE`, `NOT_FOR_STAFF` and
`MARKERS` (strings of those objects that no outsider may see), and `OWN_ONLY` (POSTs that act on
the caller's own data only, with the reason).
"""
