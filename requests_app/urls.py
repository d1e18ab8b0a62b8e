"""The partner's request pages, mounted at /<language>/requests/."""

from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.my_requests, name="my_requests"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/record.pdf", views.record, name="record"),
    # "files" and "review" come before the generic step pattern that would also match them.
    path("<int:pk>/edit/files/", views.files, name="files"),
    path("<int:pk>/edit/review/", views.review, name="review"),
    path("<int:pk>/edit/<slug:step>/", views.step, name="step"),
    path("<int:pk>/message/", views.message, name="message"),
    path("<int:pk>/co-request/", views.corequest, name="corequest"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/files/<int:att_pk>/", views.download, name="download"),
]
