"""The training catalogue's generator: reads the trainings (through contentkit), works out
their sessions on the build date, then writes the catalogue, a page per place and per
domain, the upcoming sessions, each training's page and the open data (iCalendar, JSON,
LHEO, Atom)."""

from __future__ import annotations

from dataclasses import dataclass, field

from contentkit.generator import ItemGenerator
from contentkit.site import sort_key

from . import catalogue, feed, ical, jsonld, lheo
from .config import settings_of
from .model import Training, derive
from .schema import MODALITIES, ONLINE, TRAINING
from .sessions import ONLINE_PLACE, place_of

HOME_BLOCK = "formations/home_block.html"


@dataclass
class Group:
    """Trainings sharing a domain or a place, for the list pages."""

    key: str
    name: str
    entry: dict
    url: str
    trainings: list = field(default_factory=list)


class TrainingGenerator(ItemGenerator):
    content_type = TRAINING
    content_class = Training
    context_name = "trainings"

    def prepare(self) -> None:
        self.config = settings_of(self.settings)
        for item in self.items + self.held:
            derive(item, self.run, self.config)
        for item in self.items:
            item.jsonld = jsonld.script(jsonld.course(item, self.config, self.settings))
        self.items.sort(key=lambda t: (sort_key(str(t.title)), t.slug))
        today = self.run.build_date
        sessions = [s for t in self.items for s in t.session_list]
        self.upcoming = sorted(
            (s for s in sessions if not s.past), key=lambda s: (s.start, sort_key(str(s.training.title)))
        )
        starting = [s for s in self.upcoming if s.start >= today and s.status != "cancelled"]
        self.domains = self.groups_by_domain()
        self.places = self.groups_by_place()
        self.outputs = self.machine_outputs()
        self.context.update(
            training_domains=self.domains,
            training_places=self.places,
            training_sessions=self.upcoming,
            training_home_sessions=starting[: int(self.config.get("HOME_SESSIONS") or 0)],
            training_outputs=self.outputs,
            training_modalities=self.modalities(),
        )
        if self.items and self.config.get("HOME_SESSIONS"):
            blocks = self.context.setdefault("home_blocks", [])
            if HOME_BLOCK not in blocks:
                blocks.append(HOME_BLOCK)

    # --- groups -----------------------------------------------------------------------

    def groups_by_domain(self) -> list[Group]:
        vocabulary = self.run.vocabularies.get("domains", {})
        groups: dict[str, Group] = {}
        for item in self.items:
            key = item.domain
            if key not in groups:
                url = self.settings["TRAINING_DOMAIN_URL"].format(slug=key)
                groups[key] = Group(key, item.domain_entry["name"], item.domain_entry, url)
            groups[key].trainings.append(item)
        order = list(vocabulary)
        return sorted(
            groups.values(), key=lambda g: (order.index(g.key) if g.key in order else len(order), g.key)
        )

    def groups_by_place(self) -> list[Group]:
        vocabulary = self.run.vocabularies.get("places", {})
        groups: dict[str, Group] = {}
        for item in self.items:
            for place in item.place_entries:
                key = place["key"]
                if key not in groups:
                    url = self.settings["TRAINING_PLACE_URL"].format(slug=key)
                    groups[key] = Group(key, place["name"], place, url)
                groups[key].trainings.append(item)
        order = [k for k in vocabulary if k != ONLINE] + [ONLINE]
        return sorted(
            groups.values(), key=lambda g: (order.index(g.key) if g.key in order else len(order), g.key)
        )

    def modalities(self) -> list[tuple[str, str]]:
        seen = []
        for item in self.items:
            if (item.modality, item.modality_label) not in seen:
                seen.append((item.modality, item.modality_label))
        return sorted(seen, key=lambda pair: MODALITIES.index(pair[0]))

    def machine_outputs(self) -> dict:
        """The open data files this build writes (relative paths), by kind."""
        if not self.items:
            return {}
        outputs = {}
        for kind, key in (("calendar", "CALENDAR"), ("json", "CATALOGUE_JSON"), ("feed", "FEED_ATOM")):
            if self.config.get(key):
                outputs[kind] = self.config[key]
        if self.config.get("LHEO") and lheo.exported(self.items):
            outputs["lheo"] = self.config["LHEO"]
        return outputs

    # --- writing ----------------------------------------------------------------------

    def write_lists(self, writer) -> None:
        settings = self.settings
        self.write_page(
            writer,
            settings["TRAININGS_SAVE_AS"],
            "formations/catalogue",
            depends=self.items,
            url=settings["TRAININGS_URL"],
        )
        # the catalogue filtered without JavaScript: one page per place, one per domain
        for groups, save_as, template in (
            (self.places, "TRAINING_PLACE_SAVE_AS", "formations/place"),
            (self.domains, "TRAINING_DOMAIN_SAVE_AS", "formations/domain"),
        ):
            for group in groups:
                self.write_page(
                    writer,
                    settings[save_as].format(slug=group.key),
                    template,
                    depends=self.items,
                    url=group.url,
                    group=group,
                )
        self.write_page(
            writer,
            settings["TRAINING_SESSIONS_SAVE_AS"],
            "formations/sessions",
            depends=self.items,
            url=settings["TRAINING_SESSIONS_URL"],
        )
        self.write_data()

    def list_pages(self) -> list[tuple[str, str]]:
        settings = self.settings
        pages = [("Catalogue des formations", settings["TRAININGS_URL"])]
        pages += [(f"Formations, lieu : {g.name}", g.url) for g in getattr(self, "places", [])]
        pages += [(f"Formations, domaine : {g.name}", g.url) for g in getattr(self, "domains", [])]
        pages.append(("Prochaines sessions de formation", settings["TRAINING_SESSIONS_URL"]))
        return pages

    def write_data(self) -> None:
        """Calendars, JSON, LHEO and feed; in previews, made again only when a training changed."""
        outputs, settings = self.outputs, self.settings
        name = settings.get("SITENAME", "")
        if "calendar" in outputs:
            sessions = [s for t in self.items for s in t.session_list]
            title = f"{name} — sessions de formation"
            self.write_text(
                outputs["calendar"], lambda: ical.calendar(sessions, title, settings), depends=self.items
            )
        for item in self.items:
            if item.calendar_path:
                self.write_text(
                    item.calendar_path,
                    lambda item=item: ical.calendar(item.session_list, f"{name} — {item.title}", settings),
                    depends=[item],
                )
        if "json" in outputs:
            licence = settings.get("OPEN_DATA_LICENCE")
            self.write_text(
                outputs["json"],
                lambda: catalogue.catalogue(self.items, settings, self.config, self.run.build_date, licence),
                depends=self.items,
            )
        if "lheo" in outputs:
            self.write_text(outputs["lheo"], lambda: lheo.export(self.items, self.config), depends=self.items)
        if "feed" in outputs:
            self.write_text(
                outputs["feed"],
                lambda: feed.atom(self.items, settings, self.config, outputs["feed"]),
                depends=self.items,
            )

    def open_data(self) -> list[dict]:
        outputs = getattr(self, "outputs", {})
        entries = []
        if "calendar" in outputs:
            entries.append(
                {
                    "title": "Calendrier des sessions de formation",
                    "url": outputs["calendar"],
                    "format": "iCalendar (RFC 5545)",
                    "description": "toutes les sessions, à ajouter à un agenda ; chaque formation a aussi le sien, sur sa page",
                }
            )
        if "json" in outputs:
            entries.append(
                {
                    "title": "Catalogue des formations",
                    "url": outputs["json"],
                    "format": "JSON",
                    "description": "chaque formation avec tous ses champs et ses sessions",
                }
            )
        if "lheo" in outputs:
            entries.append(
                {
                    "title": "Catalogue des formations au format LHEO",
                    "url": outputs["lheo"],
                    "format": "XML LHEO 2.3",
                    "description": "l'offre de formation au format des catalogues régionaux des Carif-Oref",
                }
            )
        if "feed" in outputs:
            entries.append(
                {
                    "title": "Formations nouvelles et mises à jour",
                    "url": outputs["feed"],
                    "format": "Atom",
                    "description": "une entrée à chaque nouvelle formation ou mise à jour, pour un lecteur de flux",
                }
            )
        return entries


__all__ = ["TrainingGenerator", "ONLINE_PLACE", "place_of"]
