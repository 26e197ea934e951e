"""Great Expectations 1.x suites, one per warehouse table, and the runner the asset checks call."""
