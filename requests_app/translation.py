"""modeltranslation registrations: reference data and the partner's narrative."""

from modeltranslation.translator import TranslationOptions, register

from mieux_portal.history import register as simple_history_register

from .models import (
    NARRATIVE_FIELDS,
    ActivityType,
    CapacityRequest,
    EligibilityCriterion,
    Opinion,
    Region,
    Topic,
)


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)


@register(ActivityType)
class ActivityTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(EligibilityCriterion)
class EligibilityCriterionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(CapacityRequest)
class CapacityRequestTranslation(TranslationOptions):
    fields = NARRATIVE_FIELDS
    # A partner writes one language; the other is the staff's working translation.
    fallback_undefined = ""


# History must be registered after the translation fields exist, so every language's
# text is kept in each historical row (see STYLE.md, "Known pitfalls"). The untranslated
# field itself (`title`) is left out: modeltranslation answers it in the language active
# when the row was saved, so a partner's save in Russian and a staff save in English
# would record the title "changing" between languages when nothing changed. The
# per-language fields (`title_en`, `title_ru`) hold the real values.
simple_history_register(
    CapacityRequest,
    excluded_fields=["draft_payload", "purge_warned_at", "search_vector", *NARRATIVE_FIELDS],
)
simple_history_register(EligibilityCriterion, excluded_fields=["name", "description"])
# Each revision of an opinion is kept: the decision cites the version it considered.
simple_history_register(Opinion)
