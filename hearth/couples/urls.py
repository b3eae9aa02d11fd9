from django.urls import path

from hearth.couples import views

app_name = "couples"

urlpatterns = [
    path("partner/", views.partner, name="partner"),
    path("partner/invite/", views.invite, name="invite"),
    path("partner/withdraw/", views.withdraw, name="withdraw"),
    path("partner/join/", views.join_code, name="join_code"),
    path("partner/leave/", views.leave, name="leave"),
    path("join/<str:token>/", views.join, name="join"),
]
