"""Links between pages of the built site, written relative so it works from any folder."""

from __future__ import annotations


def relative_url(url: str, from_url: str) -> str:
    """``url`` as seen from the page at ``from_url`` (both site-relative, as MkDocs gives).

    Written out rather than with ``posixpath.relpath``, which is several times slower and
    runs for every link of every "Related" section.
    """
    base = (
        from_url if not from_url or from_url.endswith("/") else from_url[: from_url.rfind("/") + 1]
    )
    base_parts = base.split("/")[:-1]
    parts = url.split("/")
    common = 0
    limit = min(len(base_parts), len(parts) - 1)
    while common < limit and base_parts[common] == parts[common]:
        common += 1
    rel = "../" * (len(base_parts) - common) + "/".join(parts[common:])
    return rel or "./"


def relative_link(target: str, from_url: str) -> str:
    """``target`` (a site-relative URL, may carry ``#fragment``; ``""`` is the home page)
    as seen from the page at ``from_url``."""
    path, _, fragment = target.partition("#")
    rel = relative_url(path, from_url)
    return f"{rel}#{fragment}" if fragment else rel


def repository_file_url(
    repo_url: str | None, edit_uri: str | None, docs_prefix: str, path: str
) -> str | None:
    """The address that edits ``path`` (relative to the project root, such as a data file
    outside ``docs/``) in the repository, made as MkDocs makes a page's ``edit_url``.

    Only possible when ``edit_uri`` ends with the docs folder (``edit/main/docs/``): what
    comes before it addresses the project root. Otherwise ``None``: no link is better than
    a wrong one.
    """
    folder = docs_prefix.strip("/") + "/"
    if not edit_uri or not docs_prefix or not edit_uri.endswith(folder):
        return None
    root = edit_uri[: -len(folder)]
    if root and not root.endswith("/"):
        return None  # "edit/main/mydocs/" does not end with the folder "docs/"
    base = repo_url or ""
    if base and not base.endswith("/") and not root.startswith(("?", "#")):
        base += "/"
    from urllib.parse import urljoin

    return urljoin(base, root + path)
