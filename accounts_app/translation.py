from modeltranslation.translator import TranslationOptions, register

from .models import ConsultedBody, InstitutionKind


@register(InstitutionKind)
class InstitutionKindTranslation(TranslationOptions):
    fields = ("name",)


@register(ConsultedBody)
class ConsultedBodyTranslation(TranslationOptions):
    fields = ("name",)
