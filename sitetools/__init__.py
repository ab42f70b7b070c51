"""Tools behind tasks.py: atomic builds, the preview server, scaffolding, address checks."""
