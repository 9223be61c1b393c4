"""Tests of the per-chat send buckets and link gate shared through PostgreSQL or Redis."""
