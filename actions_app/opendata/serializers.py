"""What the public API says of an Action and what belongs to it, in the language asked for.

Each serializer names its fields one by one: a field added to a model stays out of the API
until it is written here, so nothing private (the originating request, partners' contact
details, staff notes) can leave by accident. Translated texts are read through
modeltranslation in the active language, falling back to the other when one is empty.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Action, Resource


class CodeNameSerializer(serializers.Serializer):
    """A piece of reference data: its stable code and its name in the language asked for."""

    code = serializers.CharField()
    name = serializers.CharField()


@extend_schema_field(CodeNameSerializer(many=True))
class CountriesField(serializers.Field):
    """A multiple CountryField as [{code, name}] (ISO 3166-1 alpha-2, name translated)."""

    def to_representation(self, value: Any) -> list[dict[str, str]]:
        return [{"code": country.code, "name": str(country.name)} for country in value]


def _absolute(request: Any, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class InstitutionSerializer(serializers.Serializer):
    """A partner institution as the public Action page names it: no address, no people."""

    name = serializers.CharField()
    english_name = serializers.CharField()
    acronym = serializers.CharField()
    country = serializers.CharField(source="country.code")


class ActivitySerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = CodeNameSerializer()
    title = serializers.CharField()
    description = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    place = serializers.CharField()
    online = serializers.BooleanField()
    participants = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")


class NewsSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField()
    url = serializers.SerializerMethodField(help_text="The news item's public page.")

    def get_url(self, item: Any) -> str:
        return _absolute(self.context.get("request"), item.get_absolute_url())


class ResourceFileSerializer(serializers.Serializer):
    language = serializers.CharField()
    url = serializers.URLField()


class ResourceSerializer(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    date = serializers.DateField()
    files = serializers.SerializerMethodField()

    @extend_schema_field(ResourceFileSerializer(many=True))
    def get_files(self, resource: Resource) -> list[dict[str, str]]:
        request = self.context.get("request")
        return [
            {
                "language": language,
                "url": _absolute(
                    request, reverse("actions:resource_download", args=[resource.pk, language])
                ),
            }
            for language, _file in resource.files()
        ]


class ActionSerializer(serializers.Serializer):
    """An Action as a row of the list."""

    code = serializers.CharField()
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    countries = CountriesField()
    region = CodeNameSerializer(allow_null=True)
    topics = CodeNameSerializer(many=True)
    updated_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField(help_text="The Action's public page.")
    api_url = serializers.SerializerMethodField(help_text="This Action in the API.")

    def get_url(self, action: Action) -> str:
        return _absolute(self.context.get("request"), action.get_absolute_url())

    def get_api_url(self, action: Action) -> str:
        return _absolute(self.context.get("request"), reverse("api:action", args=[action.slug]))


class ActionDetailSerializer(ActionSerializer):
    """One Action with everything its public page shows."""

    objective = serializers.CharField()
    specific_objectives = serializers.CharField()
    results = serializers.CharField()
    member_states = CountriesField(help_text="The EU Member States the experts came from.")
    institutions = InstitutionSerializer(many=True)
    activities = ActivitySerializer(many=True)
    news = NewsSerializer(many=True, help_text="Published news about the Action.")
    resources = ResourceSerializer(many=True, help_text="Published documents about it.")


class StatisticsRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    actions = serializers.IntegerField()
    activities = serializers.IntegerField()


class StatisticsTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    rows = StatisticsRowSerializer(many=True)


class KeyFiguresSerializer(serializers.Serializer):
    actions = serializers.IntegerField()
    activities = serializers.IntegerField()
    countries = serializers.IntegerField()


class StatisticsSerializer(serializers.Serializer):
    """The public statistics page's figures: published Actions and their activities."""

    figures = KeyFiguresSerializer()
    tables = StatisticsTableSerializer(many=True)
