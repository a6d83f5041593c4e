"""Jinja2 templates of the e-mail channel (package data, no code).

Takes the alert fields :mod:`alerts.channels.email` renders into them; gives out the plain-text
and HTML bodies of an alert e-mail. Imports nothing.
"""
