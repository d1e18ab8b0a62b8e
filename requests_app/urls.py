from django.urls import path

from . import views

app_name = "requests"

urlpatterns: list = []
