from django.urls import path

from hearth.measures import views

app_name = "measures"

urlpatterns = [
    path("", views.index, name="index"),
    path("partner/", views.partner, name="partner"),
    path("my-data.fhir.json", views.download, name="download"),
    path("sitting/<id:administration_id>/", views.take, name="take"),
    path("sitting/<id:administration_id>/result/", views.result, name="result"),
    path("<slug:instrument_id>/", views.history, name="history"),
    path("<slug:instrument_id>/start/", views.start, name="start"),
    path("<slug:instrument_id>/share/", views.share, name="share"),
    path("<slug:instrument_id>/choose/", views.choose, name="choose"),
]
