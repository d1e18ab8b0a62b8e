from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("institution/", views.institution, name="institution"),
    path("institution/new/", views.institution_create, name="institution_create"),
]
