"""The checks a pull request runs: rendered links and anchors, front matter, external links."""
