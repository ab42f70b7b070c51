"""Settings of the site, for editing: previews show drafts and future items, marked."""

import os

from jinja2 import FileSystemBytecodeCache

AUTHOR = "POP"
SITENAME = "POP"
SITE_DESCRIPTION = (
    "POP forme aux métiers du numérique les personnes qui en sont éloignées, "
    "outille les professionnel·les de l'inclusion numérique et publie Médiation(s)."
)
# The image of a page shared on social networks when it has no cover (1200×630, in content/images)
SOCIAL_IMAGE = "images/partage-pop.png"
SOCIAL_IMAGE_ALT = "POP : former aux métiers du numérique, outiller l'inclusion numérique."
SITEURL = ""
SITE_ABSOLUTE_URL = ""  # set for publishing: canonical links, sitemap.xml, robots.txt
RELATIVE_URLS = True

PATH = "content"
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
LOCALE = ("C.UTF-8", "C")  # dates are formatted by Babel, not by the system locale

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["contentkit", "images"]  # images: content images at several widths (srcset)
IMAGES = {"WIDTHS": (480, 800, 1200), "SIZES": "(min-width: 60rem) 56rem, 100vw", "QUALITY": 80}
CONTENTKIT = {
    "DATA_DIR": "data",
    "SHOW_DRAFTS": True,
    "STRICT": os.environ.get("STRICT", ""),
    "BUILD_DATE": os.environ.get("BUILD_DATE") or None,
    "CHECK_ONLY": os.environ.get("CHECK_ONLY", ""),
    "PRODUCTION": os.environ.get("PRODUCTION", ""),  # placeholders are errors (check --production)
    "WORDS_PER_MINUTE": 200,
    "INCREMENTAL": True,  # the preview re-renders only the pages an edit touches
    "PARALLEL": True,  # full builds, and a preview's first build, read on two cores
    # full builds convert again only the Markdown texts that changed (by content, in CACHE_PATH)
    "MARKDOWN_CACHE": True,
}

ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
STATIC_CHECK_IF_MODIFIED = True  # copy an image only when it changed
ARTICLE_EXCLUDES = []
PAGE_EXCLUDES = []
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Actualités"
SLUGIFY_SOURCE = "basename"
WITH_FUTURE_DATES = True  # the build date decides, in contentkit
SUMMARY_MAX_PARAGRAPHS = 1
SUMMARY_MAX_LENGTH = None
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "auto_reload": False,  # each build is a new process: no need to check templates again
    # compiled templates kept between builds (Jinja checks the source's mtime)
    "bytecode_cache": FileSystemBytecodeCache(),
}

# Public addresses: readable French, ending in "/", never dependent on build order.
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "mots-cles/{slug}/"
TAG_SAVE_AS = "mots-cles/{slug}/index.html"
TAGS_URL = "mots-cles/"
TAGS_SAVE_AS = "mots-cles/index.html"
AUTHOR_URL = "auteurs/{slug}/"
AUTHOR_SAVE_AS = "auteurs/{slug}/index.html"
AUTHORS_URL = "auteurs/"
AUTHORS_SAVE_AS = "auteurs/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
SITEMAP_PAGE_URL = "plan-du-site/"
SITEMAP_PAGE_SAVE_AS = "plan-du-site/index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "sitemap_page", "404"]
# « Données ouvertes »: every machine-readable output of the site (contentkit/site.py)
OPEN_DATA_URL = "donnees-ouvertes/"
OPEN_DATA_SAVE_AS = "donnees-ouvertes/index.html"
OPEN_DATA_LICENCE = {
    "name": "Licence Ouverte 2.0 (Etalab)",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
# Previews show drafts among the published items; nothing is written under drafts/.
DRAFT_URL = DRAFT_SAVE_AS = DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = PAGE_LANG_SAVE_AS = ""

DEFAULT_PAGINATION = 10
# Page 2 of a list lives below it: it cannot collide with another tag or category.
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# the preview server's own address, port included (set by sitetools/devserver.py); publishconf
# sets the real one
FEED_DOMAIN = os.environ.get("PREVIEW_URL") or "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/categories/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/categories/{slug}.rss.xml"
FEED_ATOM = FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = None
FEED_MAX_ITEMS = 20

MENU_LINKS = [("Actualités", "categories/actualites/")]
ACCESSIBILITY_STATUS = "non conforme"
ACCESSIBILITY_URL = "accessibilite/"
LEGAL_URL = "mentions-legales/"

LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
GZIP_CACHE = False  # a bigger cache, read and written faster
CACHE_PATH = os.environ.get("PELICAN_CACHE_PATH", ".cache")
DELETE_OUTPUT_DIRECTORY = False

# The home shows the latest news and links to the archives: it is not paginated.
PAGINATED_TEMPLATES = {"tag": None, "category": None, "author": None}

# Full-text search (plugins/search): Pagefind indexes each item's own page after the build;
# the search page /recherche/ loads the index only when a reader searches.
PLUGINS = [*PLUGINS, "search"]
DIRECT_TEMPLATES = [*DIRECT_TEMPLATES, "search"]
SEARCH_URL = "recherche/"
SEARCH_SAVE_AS = "recherche/index.html"
SEARCH = {
    # Off in previews (indexing the whole site at every save is slow); on in publishconf.
    "ENABLED": False,
    "TYPE_LABELS": {
        "article": "Article",
        "page": "Page",
        "formation": "Formation",
        "ressource": "Ressource",
        "numero": "Numéro",
    },
    # set on training pages (theme/templates/formations/formation.html)
    "FILTERS": {"lieu": "Lieu de formation"},
}

# --- Formations: the training catalogue (plugins/trainings) -----------------------------
PLUGINS = [*PLUGINS, "trainings"]
MENU_LINKS = [*MENU_LINKS, ("Formations", "formations/")]
TRAINING_URL = "formations/{slug}/"
TRAINING_SAVE_AS = "formations/{slug}/index.html"
TRAININGS_URL = "formations/"
TRAININGS_SAVE_AS = "formations/index.html"
TRAINING_PLACE_URL = "formations/lieux/{slug}/"
TRAINING_PLACE_SAVE_AS = "formations/lieux/{slug}/index.html"
TRAINING_DOMAIN_URL = "formations/domaines/{slug}/"
TRAINING_DOMAIN_SAVE_AS = "formations/domaines/{slug}/index.html"
TRAINING_SESSIONS_URL = "formations/sessions/"
TRAINING_SESSIONS_SAVE_AS = "formations/sessions/index.html"
TRAININGS = {
    # The training provider, as the LHEO export and the JSON-LD name it. Values « [à
    # compléter…] » or « [à vérifier…] » are placeholders: public data leaves them out,
    # `invoke check --production` lists them and publishing refuses while any remain.
    "ORGANISATION": {
        "name": "POP School",
        "legal_name": "POP",
        "siret": "[à compléter : SIRET de POP, 14 chiffres]",
        "activity_number": "[à compléter : numéro de déclaration d'activité, 11 chiffres]",
        "url": "https://www.pop.eu.com/",
        "email": "[à vérifier : formation@pop.eu.com]",
        "phone": "[à compléter : téléphone]",
        "address": {
            "street": "Louvre Lens Vallée, rue Paul-Bert [à vérifier : numéro]",
            "postcode": "62300",
            "city": "Lens",
        },
    },
    # Open data, relative to the output folder ("" to write none).
    "CALENDAR": "formations/sessions.ics",
    "TRAINING_CALENDAR": "formations/{slug}/sessions.ics",
    "CATALOGUE_JSON": "formations/catalogue.json",
    "LHEO": "formations/lheo.xml",
    "FEED_ATOM": "feeds/formations.atom.xml",
    "FEED_MAX_ITEMS": 20,
    "HOME_SESSIONS": 3,  # the home page shows the next three sessions
    "LHEO_CODES": {
        "entry_level": "0",  # code-niveau-entree : 0 = information non communiquée
        "public": ["80006"],  # EXEMPLE à vérifier : code(s) FORMACODE du public visé
        "rhythm": "Temps plein, en journée",
        "rhythm_permanent": "À son rythme, en ligne",
        "language": "fr",
    },
}
# --- end of Formations ---

# --- Outillerie: the library of open resources (plugins/library) ------------------------
PLUGINS = [*PLUGINS, "library"]
# One folder per resource, content/outillerie/<slug>/index.md and its files: the page at
# /outillerie/<slug>/, each file at /outillerie/<slug>/<path>, the archive <slug>.zip.
RESOURCE_URL = "outillerie/{slug}/"
RESOURCE_SAVE_AS = "outillerie/{slug}/index.html"
LIBRARY = {
    "FOLDER": "outillerie",
    "URL": "outillerie/",
    "SAVE_AS": "outillerie/index.html",
    "FACET_URL": "outillerie/{facet}/{key}/",
    "FACET_SAVE_AS": "outillerie/{facet}/{key}/index.html",
    "FACETS": {"objectives": "objectifs", "themes": "themes", "audiences": "publics", "license": "licences"},
    "CATALOGUE": "outillerie/catalogue.json",
    "FEED_ATOM": "feeds/outillerie.atom.xml",
    "TITLE": "L'Outillerie",
    "DESCRIPTION": (
        "Des ateliers et des guides en licence libre pour les professionnel·les de l'inclusion "
        "numérique : à télécharger, adapter et animer sur votre territoire."
    ),
    "PUBLISHER": "POP et Les Assembleurs",
    "HOME_ITEMS": 3,
}
MENU_LINKS = [*MENU_LINKS, ("Outillerie", "outillerie/")]
# --- end of Outillerie ---

# --- Médiation(s): the media's numbered issues (plugins/editions) -----------------------
PLUGINS = [*PLUGINS, "editions"]
MENU_LINKS = [*MENU_LINKS, ("Médiation(s)", "mediations/")]
EDITIONS = {
    "NAME": "Médiation(s)",
    "DESCRIPTION": (
        "Le média qui met l'humain au cœur du numérique : quatre numéros thématiques par an "
        "sur l'inclusion et la médiation numérique, pour celles et ceux qui les font."
    ),
    "PATH": "editions",
    "CATEGORY": "Médiation(s)",  # articles of an issue live under /mediations/<slug>/
    "FORMATS": "formats",
    "TEMPLATES": "mediations",
    "LABEL": "N°{number}",
    "FEED_TITLE": "{name} — tous les numéros",
    "ISSUE_FEED_TITLE": "{name} — {label} : {title}",
    "ABOUT_URL": "a-propos-mediations/",
    "HOME_BLOCK": True,
}
EDITION_URL = "mediations/numeros/{number}/"
EDITION_SAVE_AS = "mediations/numeros/{number}/index.html"
EDITIONS_URL = "mediations/"
EDITIONS_SAVE_AS = "mediations/index.html"
EDITIONS_ARCHIVE_URL = "mediations/numeros/"
EDITIONS_ARCHIVE_SAVE_AS = "mediations/numeros/index.html"
EDITION_FORMATS_URL = "mediations/formats/"
EDITION_FORMATS_SAVE_AS = "mediations/formats/index.html"
EDITION_FORMAT_URL = "mediations/formats/{key}/"
EDITION_FORMAT_SAVE_AS = "mediations/formats/{key}/index.html"
EDITIONS_FEED_ATOM = "feeds/mediations.atom.xml"
EDITION_FEED_ATOM = "feeds/mediations/numero-{number}.atom.xml"
# --- end of Médiation(s) ---

# --- Admin: editing in the browser with Decap CMS (plugins/admin) -----------------------
# /admin/ with forms made from the content types' schemas; in previews it talks to
# decap-server (npx decap-server, port 8081), which writes the files of this folder.
PLUGINS = [*PLUGINS, "admin"]
ADMIN = {
    "ENABLED": True,  # previews; publishconf turns it on only when a backend is configured
    "LOCAL_BACKEND": os.environ.get("DECAP_LOCAL_BACKEND", True),
    "SINGULAR": {
        "article": "Article",
        "page": "Page",
        "formation": "Formation",
        "ressource": "Ressource",
        "numero": "Numéro",
    },
    "SLUGS": {"numero": "{{fields.number}}-{{slug}}"},
    "LABELS": {
        "domain": "Domaine",
        "certification": "Certification",
        "code": "Code RNCP ou RS",
        "level": "Niveau",
        "duration": "Durée",
        "hours": "Heures en centre",
        "modality": "Modalité",
        "access": "Accès",
        "process": "Démarche d'entrée",
        "delay": "Délai d'accès",
        "price": "Prix",
        "funding": "Financements",
        "contact": "Contact",
        "email": "Adresse électronique",
        "phone": "Téléphone",
        "results": "Résultats",
        "sessions": "Sessions",
        "start": "Début",
        "end": "Fin",
        "location": "Lieu",
        "seats": "Places",
        "permanent_entry": "Entrée permanente",
        "menu": "Dans le menu",
        "order": "Ordre dans le menu",
        "edition": "Numéro du média",
        "edition_order": "Place dans le sommaire",
        "number": "Numéro",
        "files": "Fichiers",
        "path": "Fichier",
        "changelog": "Historique des versions",
        "version": "Version",
        "updated": "Mise à jour",
        "url": "Adresse web",
        "address": "Adresse",
        "postcode": "Code postal",
        "city": "Ville",
        "spdx": "Identifiant SPDX",
        "short": "Nom court",
        "lheo_code": "Code financeur LHEO",
        "formacode": "Codes FORMACODE",
        "nsf": "Codes NSF",
        "rome": "Codes ROME",
        "description": "Description",
    },
    "CHOICE_LABELS": {
        "presentiel": "Présentiel",
        "distanciel": "À distance",
        "hybride": "Hybride",
        "full": "Complet",
        "cancelled": "Annulé",
        "in-progress": "En cours",
    },
}
# --- end of Admin ---
