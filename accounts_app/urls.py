from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("institution/", views.institution, name="institution"),
    path("institution/new/", views.institution_create, name="institution_create"),
    path("institution/invitations/", views.invitation_create, name="invitation_create"),
    path(
        "institution/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
