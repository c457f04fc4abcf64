"""The benchmark behind ``make bench``: synthetic sites, timed builds, ratios, a report.

Kept outside the ``marginalia`` package on purpose: it measures the publisher and its peers
(mkdocs-bibtex, linkchecker) and is never imported by a build.
"""
