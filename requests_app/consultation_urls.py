"""The consultees' pages, mounted at /<language>/consultations/ (views.consultation)."""

from django.urls import path

from .views import consultation

app_name = "consultations"

urlpatterns = [
    path("", consultation.queue, name="queue"),
    path("<int:pk>/", consultation.detail, name="detail"),
    path("<int:pk>/files/<int:att_pk>/", consultation.download, name="download"),
    path("<int:pk>/dossier.pdf", consultation.dossier, name="dossier"),
]
