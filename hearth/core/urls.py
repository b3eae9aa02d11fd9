from django.urls import path

from hearth.core import pwa, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("privacy/", views.privacy, name="privacy"),
    path("away/", views.away, name="away"),
    path("quick-exit/", views.quick_exit, name="quick_exit"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("home-screen/", pwa.home_screen, name="home_screen"),
]
