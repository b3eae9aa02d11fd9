from django.urls import include, path

urlpatterns = [
    path("", include("hearth.core.urls")),
    path("", include("hearth.ops.urls")),
    path("", include("hearth.accounts.urls")),
    path("", include("hearth.couples.urls")),
    path("questionnaires/", include("hearth.measures.urls")),
    path("program/", include("hearth.program.urls")),
    path("support/", include("hearth.safety.urls")),
    path("checkins/", include("hearth.checkins.urls")),
    path("clinic/", include("hearth.clinic.urls")),
    path("api/", include("hearth.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler404 = "hearth.core.errors.not_found"
handler500 = "hearth.core.errors.server_error"
handler403 = "hearth.core.errors.forbidden"
handler400 = "hearth.core.errors.bad_request"
