from modeltranslation.translator import TranslationOptions, register

from .models import InstitutionKind


@register(InstitutionKind)
class InstitutionKindTranslation(TranslationOptions):
    fields = ("name",)
