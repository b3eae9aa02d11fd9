from django.urls import include, path

from hearth.accounts.views import set_language

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
    path("i18n/setlang/", set_language, name="set_language"),
]

handler404 = "hearth.core.errors.not_found"
handler500 = "hearth.core.errors.server_error"
handler403 = "hearth.core.errors.forbidden"
handler400 = "hearth.core.errors.bad_request"
