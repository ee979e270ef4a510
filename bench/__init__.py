"""`make bench` and `make bench-cluster`; the tests import its site and redis-server helpers."""
