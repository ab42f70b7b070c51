"""Benchmark of the site's build: a synthetic corpus, the project against vanilla Pelican and Hugo.

Run: ``python -m bench.run --sizes 1000 5000 --runs 3`` (see bench/README.md).
"""
