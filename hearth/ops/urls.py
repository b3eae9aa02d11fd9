from django.urls import path

from hearth.ops import views

app_name = "ops"

urlpatterns = [path("metrics", views.metrics_page, name="metrics")]
