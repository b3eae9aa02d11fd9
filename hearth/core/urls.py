from django.urls import path

from hearth.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", views.privacy, name="privacy"),
    path("away/", views.away, name="away"),
    path("quick-exit/", views.quick_exit, name="quick_exit"),
]
