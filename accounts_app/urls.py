from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/data/", views.data_download, name="data_download"),
    path("profile/delete/", views.account_erase, name="account_erase"),
    path("institution/", views.institution, name="institution"),
    path("institution/new/", views.institution_create, name="institution_create"),
    path("institution/invitations/", views.invitation_create, name="invitation_create"),
    path(
        "institution/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    # Tokens are URL-safe base64 (secrets.token_urlsafe): anything else is no token (404).
    path("invitations/<slug:token>/", views.invitation_accept, name="invitation_accept"),
]
