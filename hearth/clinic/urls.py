from django.urls import URLPattern, URLResolver, path

from hearth.clinic import views

app_name = "clinic"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.caseload_page, name="caseload"),
    path("caseload.csv", views.caseload_csv, name="caseload_csv"),
    path("profile/", views.profile, name="profile"),
    path("invite/", views.invite, name="invite"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("code/", views.join_code, name="join_code"),
    path("join/<str:token>/", views.join, name="join"),
    path("clients/<id:client_id>/", views.client, name="client"),
    path("clients/<id:client_id>/homework/", views.homework, name="homework"),
    path("clients/<id:client_id>/questionnaire/", views.questionnaire, name="questionnaire"),
    path("clients/<id:client_id>/report/", views.report, name="report"),
    path("clients/<id:client_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("clients/<id:client_id>/fhir.json", views.fhir, name="fhir"),
    path("clients/<id:client_id>/end/", views.discharge, name="discharge"),
    path("my-care/", views.my_care, name="my_care"),
    path("my-care/<id:link_id>/consent/", views.consent, name="consent"),
    path("my-care/<id:link_id>/end/", views.end, name="end"),
]
