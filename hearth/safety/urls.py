from django.urls import URLPattern, URLResolver, path

from hearth.safety import views

app_name = "safety"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    # A neutral address: it shows in the browser history and over a shoulder.
    path("help/", views.crisis, name="crisis"),
    path("check/", views.screen, name="screen"),
    path("plan/", views.plan, name="plan"),
    path("plan/print/", views.plan_print, name="plan_print"),
    path("pause/end/", views.lift, name="lift"),
    path("country/", views.region, name="region"),
]
