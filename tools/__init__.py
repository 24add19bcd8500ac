"""Development tools: the benchmarks and the local SMTP sink.

A Django app that settings install only when this package is present: it is left out of the
production image (.dockerignore), and the SMTP sink needs aiosmtpd, a development dependency.
"""
