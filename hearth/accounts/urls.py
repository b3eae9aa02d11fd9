from django.contrib.auth import views as auth_views
from django.urls import path

from hearth.accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.sign_up, name="signup"),
    path("signup/clinician/", views.sign_up_clinician, name="signup_clinician"),
    path("signup/sent/", views.sign_up_sent, name="signup_sent"),
    path("signup/finish/<str:token>/", views.sign_up_finish, name="signup_finish"),
    path("login/", views.sign_in, name="login"),
    path("login/code/", views.sign_in_code, name="login_code"),
    path("logout/", views.sign_out, name="logout"),
    path("account/", views.account, name="account"),
    path("account/look/", views.theme, name="theme"),
    path("account/activity/", views.activity, name="activity"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/sign-ins/", views.sign_ins, name="sign_ins"),
    path("account/sign-ins/<str:name>/end/", views.end_sign_in, name="end_sign_in"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/confirm/", views.confirm, name="confirm"),
    path("account/two-step/", views.two_factor, name="two_factor"),
    path("account/two-step/start/", views.two_factor_start, name="two_factor_start"),
    path("account/two-step/confirm/", views.two_factor_confirm, name="two_factor_confirm"),
    path("account/two-step/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/two-step/off/", views.two_factor_off, name="two_factor_off"),
    path("account/my-data/", views.export_page, name="export"),
    path("account/my-data/json/", views.export_json, name="export_json"),
    path("account/my-data/fhir/", views.export_fhir, name="export_fhir"),
    path("account/delete/", views.delete_account, name="delete"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
