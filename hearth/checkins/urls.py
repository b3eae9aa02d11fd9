from django.urls import path

from hearth.checkins import views

app_name = "checkins"

urlpatterns = [
    path("", views.today, name="today"),
    path("insights/", views.insights_page, name="insights"),
    path("insights/sharing/", views.sharing, name="sharing"),
    path("insights/couple/", views.couple_insights, name="couple_insights"),
    path("talk/", views.talk, name="talk"),
    path("talk/<slug:prompt_id>/", views.prompt, name="prompt"),
    path("wishes/", views.wishes, name="wishes"),
    path("reminders/", views.reminders, name="reminders"),
    path("calendar/new/", views.calendar_new, name="calendar_new"),
    path("calendar/off/", views.calendar_off, name="calendar_off"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
