"""modeltranslation registrations: all public content is bilingual."""

from modeltranslation.translator import TranslationOptions, register

from .models import Action, Activity, NewsItem, Resource


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("title", "summary", "objective", "specific_objectives", "results")
    # An Action created from a Russian request has no English title until staff write one.
    required_languages = ()


@register(Activity)
class ActivityTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ()


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ()


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ()
