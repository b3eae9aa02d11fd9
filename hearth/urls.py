from django.urls import include, path

urlpatterns = [
    path("", include("hearth.core.urls")),
    path("", include("hearth.accounts.urls")),
    path("", include("hearth.couples.urls")),
]

handler404 = "hearth.core.errors.not_found"
handler500 = "hearth.core.errors.server_error"
handler403 = "hearth.core.errors.forbidden"
handler400 = "hearth.core.errors.bad_request"
