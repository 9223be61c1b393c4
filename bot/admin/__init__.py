"""Operator tools behind the admin commands: the statistics overview and its keyboard, graphs,
and CSV exports. ``handlers/admin.py`` routes the commands here; everything answers admins only."""
