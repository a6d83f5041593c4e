"""Jinja2 templates of the e-mail channel (package data)."""
