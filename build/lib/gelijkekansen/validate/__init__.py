"""The validation gate between staging and core: GX suites, relational SQL checks, results."""
