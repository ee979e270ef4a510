"""Publication and update dates."""
