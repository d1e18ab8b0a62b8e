"""The public site: home, Actions catalogue and pages, news, resources, statistics, how to
request. Server-rendered, usable without JavaScript, in both languages."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from mieux_portal.pagecache import cached_page, public_scope

from . import catalogue, stats
from .forms import CatalogueForm
from .models import Action, NewsItem, Resource

CATALOGUE_PAGE_SIZE = 10
NEWS_PAGE_SIZE = 10


@cached_page(public_scope)
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "figures": stats.key_figures(),
            "latest_news": NewsItem.objects.published()[:3],
        },
    )


@cached_page(public_scope)
def action_list(request: HttpRequest) -> HttpResponse:
    """The catalogue of published Actions with filters, their counts, search and pages."""
    params = catalogue.Params.from_query(request.GET)
    base, matched = catalogue.searched(Action.objects.published(), params.q)
    facets = catalogue.facets(base, params)
    page = catalogue.results(base, params, matched, request.GET.get("page"), CATALOGUE_PAGE_SIZE)
    return render(
        request,
        "actions/action_list.html",
        {
            "form": CatalogueForm(facets=facets, params=params),
            "facets": facets,
            "params": params,
            "page_obj": page,
            "actions": page.object_list,
        },
    )


@cached_page(public_scope)
def action_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One Action: texts, numbered activities, partners, experts, news and resources."""
    action = get_object_or_404(Action.objects.visible_to(request.user).with_page_data(), slug=slug)
    return render(request, "actions/action_detail.html", {"action": action})


@cached_page(public_scope)
def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(NewsItem.objects.published(), NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "actions/news_list.html", {"page_obj": page, "items": page.object_list})


@cached_page(public_scope)
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = get_object_or_404(
        NewsItem.objects.visible_to(request.user).prefetch_related(
            Prefetch("actions", queryset=Action.objects.published())
        ),
        slug=slug,
    )
    return render(request, "actions/news_detail.html", {"item": item})


@cached_page(public_scope)
def resource_list(request: HttpRequest) -> HttpResponse:
    resources = Resource.objects.published().prefetch_related(
        Prefetch("actions", queryset=Action.objects.published())
    )
    return render(request, "actions/resource_list.html", {"resources": resources})


def resource_download(request: HttpRequest, pk: int, language: str) -> FileResponse:
    """The file of a resource in one language, as a download named after its title."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    resource = get_object_or_404(Resource.objects.visible_to(request.user), pk=pk)
    file = resource.file_for(language)
    if file is None:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    extension = ("." + file.name.rsplit(".", 1)[-1].lower()) if "." in file.name else ""
    title = getattr(resource, f"title_{language}") or resource.title
    name = f"{slugify(title, allow_unicode=True) or 'mieux'}-{language}{extension}"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


@cached_page(public_scope)
def how_to_request(request: HttpRequest) -> HttpResponse:
    return render(request, "actions/how_to_request.html")


@cached_page(public_scope)
def statistics(request: HttpRequest) -> HttpResponse:
    return render(request, "actions/statistics.html", {"tables": stats.tables()})
