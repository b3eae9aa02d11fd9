from django.urls import URLPattern, URLResolver, path

from hearth.api import views
from hearth.api.v1.api import api

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/new/", views.create, name="create"),
    path("tokens/<id:token_id>/revoke/", views.revoke, name="revoke"),
    path("tokens/<id:token_id>/made-by-me/", views.confirm_made, name="confirm_made"),
    path("v1/", api.urls),
]
