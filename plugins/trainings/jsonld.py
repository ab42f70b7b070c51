"""schema.org JSON-LD of a training: a ``Course`` with its provider, offer, credential and
one ``CourseInstance`` per session (https://schema.org/Course)."""

from __future__ import annotations

import json

from contentkit.placeholders import public

from .config import absolute_base

COURSE_MODES = {"presentiel": "onsite", "distanciel": "online", "hybride": "blended"}


def course_mode(training, session=None) -> str:
    """How a session is taught (schema.org ``courseMode``): a session at a distance is
    online whatever the training's modality; any other follows the training. The LHEO
    export codes the same value (``modalites-enseignement``)."""
    if session is not None and session.online:
        return "online"
    return COURSE_MODES[training.modality]


def workload(hours: int) -> str:
    """ISO 8601 duration of the hours of a training: « PT735H »."""
    return f"PT{int(hours)}H"


def organisation(config: dict, settings: dict) -> dict:
    org = public(config.get("ORGANISATION") or {})  # placeholders left out
    data = {
        "@type": "EducationalOrganization",
        "name": org.get("name") or settings.get("SITENAME", ""),
        "url": org.get("url") or absolute_base(settings) + "/",
    }
    if org.get("legal_name"):
        data["legalName"] = org["legal_name"]
    if org.get("siret"):
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "SIRET", "value": org["siret"]}
    address = postal_address(org.get("address") or {})
    if address:
        data["address"] = address
    if org.get("email"):
        data["email"] = org["email"]
    if org.get("phone"):
        data["telephone"] = org["phone"]
    return data


def postal_address(place: dict) -> dict | None:
    place = public(place)
    street = place.get("address") or place.get("street")
    if not (street or place.get("city")):
        return None
    data = {"@type": "PostalAddress", "addressCountry": "FR"}
    if street:
        data["streetAddress"] = street
    if place.get("postcode"):
        data["postalCode"] = str(place["postcode"])
    if place.get("city"):
        data["addressLocality"] = place["city"]
    return data


def location(session) -> dict:
    if session.online:
        return {
            "@type": "VirtualLocation",
            "name": session.place["name"],
            "url": session.training.absolute_url,
        }
    data = {"@type": "Place", "name": session.place["name"]}
    address = postal_address(session.place)
    if address:
        data["address"] = address
    return data


def credential(training, config: dict) -> dict:
    cert = training.certification
    if not cert:
        return {"@type": "EducationalOccupationalCredential", "name": config["DEFAULT_CREDENTIAL"]}
    data = {
        "@type": "EducationalOccupationalCredential",
        "name": cert["name"],
        "identifier": cert["code"],
        "recognizedBy": {"@type": "Organization", "name": cert["certifier"]},
    }
    if cert.get("level"):
        data["educationalLevel"] = f"Niveau {cert['level']}"
    return data


def offer(training) -> dict:
    data = {
        "@type": "Offer",
        "price": training.price_amount,
        "priceCurrency": "EUR",
        "category": "Free" if training.is_free else "Paid",  # Google's course vocabulary
        "url": training.absolute_url,
    }
    if training.price.get("note"):
        data["description"] = training.price["note"]
    return data


def instance(training, session) -> dict:
    data = {
        "@type": "CourseInstance",
        "@id": f"{training.absolute_url}#session-{session.key}",
        "courseMode": course_mode(training, session),
        "startDate": session.start.isoformat(),
        "endDate": session.end.isoformat(),
        "location": location(session),
        "courseWorkload": workload(training.total_hours),
        "inLanguage": "fr",
    }
    if session.status == "cancelled":
        data["eventStatus"] = "https://schema.org/EventCancelled"
    if session.seats is not None:
        data["maximumAttendeeCapacity"] = session.seats
    return data


def course(training, config: dict, settings: dict) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": f"{training.absolute_url}#formation",
        "name": str(training.title),
        "description": training.summary_text,
        "url": training.absolute_url,
        "inLanguage": "fr",
        "provider": organisation(config, settings),
        "offers": [offer(training)],
        "educationalCredentialAwarded": credential(training, config),
        "teaches": list(training.objectives),
        "coursePrerequisites": list(training.prerequisites),
        "timeRequired": workload(training.total_hours),
        "isAccessibleForFree": training.is_free,
        "dateModified": training.updated_day.isoformat(),
        "about": training.domain_entry["name"],
    }
    if training.certification and training.certification.get("level"):
        data["educationalLevel"] = f"Niveau {training.certification['level']}"
    if training.funders:
        data["financialAidEligible"] = ", ".join(f["name"] for f in training.funders)
    instances = [instance(training, s) for s in training.session_list]
    if training.permanent and not instances:
        # entry at any time: one instance with no dates (e-learning)
        instances = [
            {
                "@type": "CourseInstance",
                "@id": f"{training.absolute_url}#entree-permanente",
                "courseMode": course_mode(training),
                "courseWorkload": workload(training.total_hours),
                "inLanguage": "fr",
            }
        ]
    data["hasCourseInstance"] = instances
    return data


def script(data: dict) -> str:
    """JSON for a ``<script type="application/ld+json">``: « </ » cannot end the element."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("</", "<\\/")
