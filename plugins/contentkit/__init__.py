"""contentkit — the shared core of the site's content types.

One reader for every Markdown file (YAML front matter typed by each content type's
schema), every problem of a build collected and reported at once in French, checks
across items, redirects for former addresses, the site map and sitemap.xml; and speed:
previews render again only what an edit touches (:mod:`.incremental`), full builds read
and render on two cores (:mod:`.prefetch`, :mod:`.parallel`).

Modules: ``frontmatter`` (YAML with lines), ``fields`` and ``schema`` (typed fields),
``types`` (the content types and their registry), ``reader``, ``vocabularies``,
``checks`` (across items), ``site`` (site-wide outputs), ``errors``, ``state`` (one
build's state), ``templating`` (French dates), ``feeds`` (the writer), ``generator`` (the base of custom types' generators).

A new content type declares a :class:`types.ContentType` with its schema and calls
:func:`types.register`, and its plugin returns a subclass of
:class:`generator.ItemGenerator` from Pelican's ``get_generators`` signal; checks across
items go in :data:`checks.CROSS_CHECKS`; an item held back by another one (an article by
its issue) through :data:`reader.HOLDS`. The « Données ouvertes » page lists what each
generator's ``open_data()`` declares.

Settings: ``CONTENTKIT`` (a dict, see :data:`state.DEFAULTS`), ``SITE_ABSOLUTE_URL``.
"""

from __future__ import annotations

import sys

from pelican import signals

from . import cache, checks, contributors, limits, logcount, mdcache, parallel, templating
from .feeds import FeedWriter
from .items import all_items
from .reader import FrontMatterMarkdownReader
from .site import SiteGenerator
from .state import get_run, start_run, truthy

__all__ = ["register"]


def on_initialized(pelican):
    cache.repair(pelican.settings)
    cache.install()  # a refused file is read (and reported) again at every build
    run = start_run(pelican.settings)
    templating.install(pelican.settings)
    contributors.install(pelican.settings)  # the person_ld filter
    run.log_counter = logcount.attach()
    limits.attach(run)  # Pelican's bare « Could not process » becomes one of our errors


def on_readers_init(readers):
    for extension in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[extension] = FrontMatterMarkdownReader


def on_get_generators(pelican):
    return SiteGenerator


def on_get_writer(pelican):
    return FeedWriter


def stop(run, message: str, code: int = 1):
    run.report.print()
    print(message, file=sys.stderr, flush=True)
    logcount.detach(run.log_counter)
    raise SystemExit(code)


def on_all_generators_finalized(generators):
    if not generators:
        return
    settings = generators[0].settings
    run = get_run(settings)
    items = all_items(generators)
    freeze_addresses(items)
    run.extras["items"] = items  # for the build's French summary (logcount.summary)
    mdcache.save(run)  # every file is read: before the checks, which may stop the build
    # a preview's fast build (sitetools/preview.py) checks only what its edit can change
    (run.extras.get("run_checks") or checks.run_checks)(run, items, generators, generators[0].context)
    for generator in generators:
        if isinstance(generator, SiteGenerator):
            generator.finalize(generators)
    pelican_errors = run.log_counter.count if run.log_counter else 0
    if run.report.errors or pelican_errors:
        stop(run, failure_message(run, pelican_errors))
    if truthy(run.config.get("CHECK_ONLY")):
        stop(run, f"Vérification terminée : aucune erreur dans {len(items)} contenus.", 0)
    run.report.print()
    if truthy(run.config.get("PARALLEL")) and not truthy(run.config.get("INCREMENTAL")):
        parallel.split(run, generators)


def freeze_addresses(items) -> None:
    """Pelican works an item's ``url`` and ``save_as`` out again at every use (templates
    ask thousands of times); once every item is read they no longer change."""
    for item in items:
        item.override_url = item.url
        item.override_save_as = item.save_as


def on_finalized(pelican):
    run = get_run(pelican.settings)
    fresh = checks.check_written_links(run, pelican.output_path)  # plain links only the output can tell
    if fresh:
        run.report.problems = fresh  # the others were said already
        if run.report.errors:
            stop(run, failure_message(run, 0))
        run.report.print()
    count = run.log_counter.count if run.log_counter else 0
    logcount.detach(run.log_counter)
    if run.page_cache is not None and not count:
        run.page_cache.save()
        cache = run.page_cache
        print(f"Pages rendues : {cache.rendered}, inchangées : {cache.skipped}", flush=True)
    if not count:  # in French, in place of Pelican's « Done: Processed … » (dropped)
        started = run.log_counter.started if run.log_counter else None
        placeholders = run.extras.get("placeholders", 0)
        items = run.extras.get("items", [])
        print(logcount.summary(items, run.show_drafts, placeholders, started), flush=True)
    if count:
        print(failure_message(run, count), file=sys.stderr, flush=True)
        raise SystemExit(1)


def failure_message(run, pelican_errors: int) -> str:
    parts = []
    if pelican_errors:
        parts.append(f"{pelican_errors} erreur(s) signalée(s) par Pelican ci-dessus")
    if not run.report.errors and not parts:
        return ""
    return (
        "Construction annulée"
        + (f" ({', '.join(parts)})" if parts else "")
        + " : corrigez les erreurs ; le site déjà construit n'a pas été modifié."
    )


def register():
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.get_generators.connect(on_get_generators)
    signals.get_writer.connect(on_get_writer)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.finalized.connect(on_finalized)
    contributors.register()
