from django.urls import path

from hearth.program import views

app_name = "program"

urlpatterns = [
    path("", views.home, name="home"),
    path("intake/", views.intake, name="intake"),
    path("plan/", views.plan, name="plan"),
    path("comfort/", views.comfort_map, name="comfort"),
    path("comfort/new-areas/", views.new_areas, name="new_areas"),
    path("reading/", views.reading, name="reading"),
    path("reading/<slug:page_id>/", views.page, name="page"),
    path("exercises/<slug:exercise_id>/", views.exercise, name="exercise"),
    path("advance/propose/", views.propose_advance, name="propose_advance"),
    path("advance/accept/", views.accept_advance, name="accept_advance"),
    path("advance/decline/", views.decline_advance, name="decline_advance"),
    path("step-back/", views.step_back, name="step_back"),
    path("pause/", views.pause_program, name="pause_program"),
    path("doctor-check/", views.doctor_check, name="doctor_check"),
    path("resume/", views.resume_program, name="resume_program"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.propose, name="propose"),
    path("sessions/<id:session_id>/", views.session, name="session"),
    path("sessions/<id:session_id>/state/", views.session_state, name="session_state"),
    path("sessions/<id:session_id>/answer/", views.answer, name="answer"),
    path("sessions/<id:session_id>/cancel/", views.cancel, name="cancel"),
    path("sessions/<id:session_id>/ready/", views.ready, name="ready"),
    path("sessions/<id:session_id>/not-sure/", views.not_sure, name="not_sure"),
    path("sessions/<id:session_id>/start/", views.start, name="start"),
    path("sessions/<id:session_id>/settled/", views.settled, name="settled"),
    path("sessions/<id:session_id>/body-check/", views.body_check, name="body_check"),
    path("sessions/<id:session_id>/turn/", views.next_turn, name="next_turn"),
    path("sessions/<id:session_id>/pause/", views.pause, name="pause"),
    path("sessions/<id:session_id>/resume/", views.resume, name="resume"),
    path("sessions/<id:session_id>/end/", views.end, name="end"),
    path("sessions/<id:session_id>/reflect/", views.reflect, name="reflect"),
    path("sessions/<id:session_id>/sharing/", views.sharing, name="sharing"),
]
